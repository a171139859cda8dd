package app.openup.support.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;

/**
 * An RFC 9457 problem: a stable {@code type} a client can switch on, a short human title, the
 * status, a detail for this occurrence, and, for a refusal by a rule, the rule; for invalid input,
 * the fields at fault; and what the caller can do instead, where the rule suggests something.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    URI type,
    String title,
    int status,
    String detail,
    String rule,
    List<FieldError> errors,
    String suggestion) {

  public static final String MEDIA_TYPE = "application/problem+json";
  public static final String BASE = "https://openup.app/problems/";

  /** One invalid field of a request. */
  public record FieldError(String field, String message) {}

  public static Problem of(String slug, String title, int status, String detail) {
    return new Problem(URI.create(BASE + slug), title, status, detail, null, null, null);
  }

  public static Problem invalid(String field, String message) {
    return new Problem(
        URI.create(BASE + "invalid-input"),
        "Invalid input",
        400,
        message,
        null,
        List.of(new FieldError(field, message)),
        null);
  }
}
