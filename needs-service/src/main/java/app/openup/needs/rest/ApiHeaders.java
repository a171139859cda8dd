package app.openup.needs.rest;

import app.openup.eventing.store.AppendResult;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The API's headers: versions as ETag / If-Match, idempotency keys, consistency tokens. */
final class ApiHeaders {

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final String CONSISTENCY_TOKEN = "Consistency-Token";
  static final String IF_MATCH = "If-Match";

  private static final Pattern VERSION = Pattern.compile("^(?:W/)?\"?(\\d{1,18})\"?$");
  private static final Pattern KEY = Pattern.compile("^[A-Za-z0-9._:\\-]{1,200}$");

  private ApiHeaders() {}

  /** The version in {@code If-Match}, or null if absent. */
  static Long ifMatch(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    Matcher matcher = VERSION.matcher(header.trim());
    if (!matcher.matches()) {
      throw new InvalidHeader(IF_MATCH, "If-Match must be the ETag you read, for example \"3\".");
    }
    return Long.parseLong(matcher.group(1));
  }

  static String idempotencyKey(String header) {
    if (header == null) {
      return null;
    }
    if (!KEY.matcher(header).matches()) {
      throw new InvalidHeader(
          IDEMPOTENCY_KEY, "Idempotency-Key is 1 to 200 letters, digits or . _ : -");
    }
    return header;
  }

  /** Adds the version as ETag and, for a command, the consistency token. */
  static Response.ResponseBuilder versioned(
      Response.ResponseBuilder response, long version, AppendResult result) {
    response.tag(new EntityTag(Long.toString(version)));
    if (result != null) {
      response.header(CONSISTENCY_TOKEN, result.token().encode());
    }
    return response;
  }
}
