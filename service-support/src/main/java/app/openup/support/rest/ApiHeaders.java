package app.openup.support.rest;

import app.openup.eventing.ConsistencyToken;
import app.openup.eventing.store.AppendResult;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's headers: versions as {@code ETag} / {@code If-Match}, idempotency keys, consistency
 * tokens (returned by every command, accepted by reads to wait for their own writes).
 */
public final class ApiHeaders {

  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  public static final String CONSISTENCY_TOKEN = "Consistency-Token";
  public static final String IF_MATCH = "If-Match";
  public static final String TRACEPARENT = "traceparent";

  private static final Pattern VERSION = Pattern.compile("^(?:W/)?\"?(\\d{1,18})\"?$");
  private static final Pattern KEY = Pattern.compile("^[A-Za-z0-9._:\\-]{1,200}$");

  private ApiHeaders() {}

  /** The version in {@code If-Match}, or null if absent. */
  public static Long ifMatch(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    Matcher matcher = VERSION.matcher(header.trim());
    if (!matcher.matches()) {
      throw new InvalidHeader(IF_MATCH, "If-Match must be the ETag you read, for example \"3\".");
    }
    return Long.parseLong(matcher.group(1));
  }

  public static String idempotencyKey(String header) {
    if (header == null) {
      return null;
    }
    if (!KEY.matcher(header).matches()) {
      throw new InvalidHeader(
          IDEMPOTENCY_KEY, "Idempotency-Key is 1 to 200 letters, digits or . _ : -");
    }
    return header;
  }

  /** The token a read was given, if any; one this platform did not issue is a 400. */
  public static Optional<ConsistencyToken> consistencyToken(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(
        ConsistencyToken.decode(header.trim())
            .orElseThrow(
                () ->
                    new InvalidHeader(
                        CONSISTENCY_TOKEN,
                        "Consistency-Token must be one a command of this platform answered.")));
  }

  /** Adds the version as ETag and, for a command, the consistency token. */
  public static Response.ResponseBuilder versioned(
      Response.ResponseBuilder response, long version, AppendResult result) {
    response.tag(new EntityTag(Long.toString(version)));
    if (result != null) {
      response.header(CONSISTENCY_TOKEN, result.token().encode());
    }
    return response;
  }
}
