package app.openup.support.rest;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * No request body is over 64 KiB ({@link #MAX_BYTES}), whatever its transfer encoding, and the
 * refusal is a problem (413): a body that announces a larger length is refused before anything is
 * read, first thing on the router; a chunked one is read up to the limit before it is deserialized,
 * and refused past it. (The HTTP server's own limit, {@code quarkus.http.limits.max-body-size}, is
 * set higher, at 1 MiB, to bound memory; a chunked body past that gets its empty 413.)
 */
@ApplicationScoped
@Provider
public class OversizedBodies implements ReaderInterceptor {

  /** The largest request body: no need, share, question or answer is that long. */
  public static final long MAX_BYTES = 64 * 1024;

  private static final String PROBLEM =
      "{\"type\":\"https://openup.app/problems/too-large\",\"title\":\"Too large\",\"status\":413,"
          + "\"detail\":\"A request body is at most 64 KiB.\"}";

  void routes(@Observes Router router) {
    router
        .route()
        .order(Integer.MIN_VALUE)
        .handler(
            context -> {
              String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
              if (length != null && !fits(length)) {
                context
                    .response()
                    .setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(PROBLEM);
              } else {
                context.next();
              }
            });
  }

  private static boolean fits(String length) {
    try {
      return Long.parseLong(length.trim()) <= MAX_BYTES;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static Problem tooLarge() {
    return Problem.of("too-large", "Too large", 413, "A request body is at most 64 KiB.");
  }

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    byte[] body = context.getInputStream().readNBytes((int) MAX_BYTES + 1);
    if (body.length > MAX_BYTES) {
      throw new WebApplicationException(413);
    }
    context.setInputStream(new ByteArrayInputStream(body));
    return context.proceed();
  }
}
