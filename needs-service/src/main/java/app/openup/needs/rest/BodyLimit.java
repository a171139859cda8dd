package app.openup.needs.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Refuses bodies over 64 KiB before they are read: no need, question or answer is that long. */
public class BodyLimit {

  static final long MAX_BYTES = 64 * 1024;

  @ServerRequestFilter(preMatching = true)
  public jakarta.ws.rs.core.Response refuseOversized(ContainerRequestContext request) {
    String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
    if (length == null) {
      return null;
    }
    try {
      if (Long.parseLong(length.trim()) <= MAX_BYTES) {
        return null;
      }
    } catch (NumberFormatException e) {
      // An unreadable length is refused like an oversized one.
    }
    return ProblemMapper.respond(
        Problem.of("too-large", "Too large", 413, "A request body is at most 64 KiB."));
  }
}
