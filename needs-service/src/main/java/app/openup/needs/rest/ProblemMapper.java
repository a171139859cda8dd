package app.openup.needs.rest;

import app.openup.eventing.domain.RuleViolation;
import app.openup.eventing.store.ConcurrencyConflict;
import app.openup.needs.domain.Rule;
import app.openup.needs.service.CommandMetrics;
import app.openup.needs.service.NeedService.InvalidCursor;
import app.openup.needs.service.NotFound;
import app.openup.needs.service.PartnerErased;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error becomes an RFC 9457 problem with a stable type; none carries a stack trace. A couple
 * or need the caller may not see is "not found", never "forbidden", so that its existence does not
 * leak.
 */
public class ProblemMapper {

  private final CommandMetrics metrics;

  public ProblemMapper(CommandMetrics metrics) {
    this.metrics = metrics;
  }

  private static final Set<String> NOT_FOUND_RULES =
      Set.of(
          Rule.NOT_A_MEMBER.ruleName(),
          Rule.NO_SUCH_NEED.ruleName(),
          Rule.DRAFTS_ARE_PRIVATE.ruleName());

  @ServerExceptionMapper
  public Response ruleViolation(RuleViolation violation) {
    metrics.refused(violation.rule());
    if (NOT_FOUND_RULES.contains(violation.rule())) {
      return notFound(new NotFound("Resource"));
    }
    return respond(
        new Problem(
            URI.create(Problem.BASE + "rule/" + violation.rule()),
            "A rule of the method refused this",
            409,
            violation.getMessage(),
            violation.rule(),
            null));
  }

  @ServerExceptionMapper
  public Response conflict(ConcurrencyConflict conflict) {
    return respond(
        Problem.of(
            "version-conflict",
            "Changed since you read it",
            409,
            "It is now at version " + conflict.actualVersion() + "; read it again and retry."));
  }

  @ServerExceptionMapper
  public Response erased(PartnerErased erased) {
    return respond(
        Problem.of("erased", "Erased", 410, "This partner was erased; nothing of theirs is kept."));
  }

  @ServerExceptionMapper
  public Response notFound(NotFound notFound) {
    return respond(
        Problem.of("not-found", "Not found", 404, "There is nothing here that you can see."));
  }

  @ServerExceptionMapper
  public Response invalidCursor(InvalidCursor invalid) {
    return respond(
        new Problem(
            URI.create(Problem.BASE + "invalid-input"),
            "Invalid input",
            400,
            invalid.getMessage(),
            null,
            List.of(new Problem.FieldError("cursor", invalid.getMessage()))));
  }

  @ServerExceptionMapper
  public Response invalidHeader(InvalidHeader invalid) {
    return respond(
        new Problem(
            URI.create(Problem.BASE + "invalid-input"),
            "Invalid input",
            400,
            invalid.getMessage(),
            null,
            List.of(new Problem.FieldError(invalid.header(), invalid.getMessage()))));
  }

  @ServerExceptionMapper
  public Response constraintViolation(ConstraintViolationException exception) {
    List<Problem.FieldError> errors =
        exception.getConstraintViolations().stream()
            .map(v -> new Problem.FieldError(field(v), v.getMessage()))
            .sorted((a, b) -> a.field().compareTo(b.field()))
            .collect(Collectors.toList());
    return respond(
        new Problem(
            URI.create(Problem.BASE + "invalid-input"),
            "Invalid input",
            400,
            "Some fields are missing or invalid: "
                + errors.stream().map(Problem.FieldError::field).collect(Collectors.joining(", ")),
            null,
            errors));
  }

  @ServerExceptionMapper({
    JsonProcessingException.class,
    JsonParseException.class,
    JsonMappingException.class,
    MismatchedInputException.class,
    InvalidFormatException.class,
    UnrecognizedPropertyException.class
  })
  public Response unreadableJson(JsonProcessingException exception) {
    String field = null;
    String message = "The body is not valid JSON.";
    if (exception instanceof UnrecognizedPropertyException unknown) {
      field = unknown.getPropertyName();
      message = "Unknown field '" + field + "'.";
    } else if (exception instanceof InvalidFormatException invalid) {
      field = path(invalid);
      message = "'" + invalid.getValue() + "' is not a valid value for '" + field + "'.";
    } else if (exception instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      field = path(mapping);
      message = "The field '" + field + "' has the wrong type.";
    }
    return respond(
        new Problem(
            URI.create(Problem.BASE + "invalid-input"),
            "Invalid input",
            400,
            message,
            null,
            field == null ? null : List.of(new Problem.FieldError(field, message))));
  }

  @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
  public Response unauthenticated(RuntimeException exception) {
    return Response.status(401)
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
        .type(Problem.MEDIA_TYPE)
        .entity(
            Problem.of(
                "unauthenticated",
                "Sign in",
                401,
                "A valid bearer token is needed for this request."))
        .build();
  }

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException exception) {
    int status = exception.getResponse().getStatus();
    if (status == 404) {
      return notFound(new NotFound("Resource"));
    }
    String slug =
        switch (status) {
          case 400 -> "invalid-input";
          case 405 -> "method-not-allowed";
          case 406 -> "not-acceptable";
          case 413 -> "too-large";
          case 415 -> "unsupported-media-type";
          default -> "http-" + status;
        };
    return respond(
        Problem.of(
            slug,
            Response.Status.fromStatusCode(status) == null
                ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase(),
            status,
            status == 415
                ? "Send JSON (Content-Type: application/json)."
                : exception.getMessage()));
  }

  @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
  public Response unexpected(Throwable throwable) {
    String incident = UUID.randomUUID().toString();
    Log.errorf(throwable, "Unexpected error, incident %s", incident);
    return respond(
        Problem.of(
            "internal-error",
            "Something went wrong on our side",
            500,
            "Nothing was changed. Incident " + incident + "."));
  }

  static Response respond(Problem problem) {
    return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
  }

  private static String field(ConstraintViolation<?> violation) {
    String name = null;
    for (Path.Node node : violation.getPropertyPath()) {
      name = node.getName();
    }
    return name == null ? "body" : name;
  }

  private static String path(JsonMappingException exception) {
    return exception.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining("."));
  }
}
