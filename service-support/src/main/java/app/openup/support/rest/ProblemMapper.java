package app.openup.support.rest;

import app.openup.eventing.domain.RuleViolation;
import app.openup.eventing.projection.NotCaughtUp;
import app.openup.eventing.store.AppendTimedOut;
import app.openup.eventing.store.ConcurrencyConflict;
import app.openup.eventing.store.EventTooLarge;
import app.openup.eventing.store.IdempotencyKeyReused;
import app.openup.eventing.store.StoreOverloaded;
import app.openup.eventing.vault.SubjectForgotten;
import app.openup.support.command.CommandMetrics;
import app.openup.support.command.NotFound;
import app.openup.support.command.PartnerErased;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.inject.Instance;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error becomes an RFC 9457 problem with a stable type; none carries a stack trace. A thing
 * the caller may not see is "not found", never "forbidden", so that its existence does not leak:
 * each service names the rules that would reveal it ({@link NotFoundRules}).
 */
public class ProblemMapper {

  private final CommandMetrics metrics;
  private final Set<String> notFoundRules = new HashSet<>();

  public ProblemMapper(CommandMetrics metrics, Instance<NotFoundRules> rules) {
    this.metrics = metrics;
    rules.forEach(r -> notFoundRules.addAll(r.ruleNames()));
  }

  @ServerExceptionMapper
  public Response ruleViolation(RuleViolation violation) {
    metrics.refused(violation.rule());
    if (notFoundRules.contains(violation.rule())) {
      return notFound(new NotFound("Resource"));
    }
    return respond(
        new Problem(
            URI.create(Problem.BASE + "rule/" + violation.rule()),
            "A rule of the method refused this",
            409,
            violation.getMessage(),
            violation.rule(),
            null,
            violation.suggestion()));
  }

  @ServerExceptionMapper
  public Response conflict(ConcurrencyConflict conflict) {
    return respond(
        Problem.of(
            "version-conflict",
            "Changed since you read it",
            409,
            "It changed since you read it; read it again and retry."));
  }

  @ServerExceptionMapper
  public Response keyReused(IdempotencyKeyReused reused) {
    return respond(
        Problem.of(
            "idempotency-key-reused",
            "Idempotency-Key used for another request",
            422,
            "This Idempotency-Key already answered another request; use a new key for a new"
                + " request."));
  }

  @ServerExceptionMapper
  public Response overloaded(StoreOverloaded overloaded) {
    return tryAgainSoon(
        "overloaded",
        "Busy",
        "Too many requests at once; nothing was changed. Try again in a moment.");
  }

  @ServerExceptionMapper
  public Response notCaughtUp(NotCaughtUp behind) {
    return tryAgainSoon(
        "not-caught-up",
        "Not caught up yet",
        "This service has not yet taken in the change your Consistency-Token names, so it cannot"
            + " answer with it; nothing was changed. Ask again in a moment with the same token.");
  }

  @ServerExceptionMapper
  public Response timedOut(AppendTimedOut timedOut) {
    return tryAgainSoon(
        "outcome-unknown",
        "No answer in time",
        "The database did not answer in time, so it is not known whether this was saved. Send it"
            + " again with the same Idempotency-Key.");
  }

  @ServerExceptionMapper
  public Response eventTooLarge(EventTooLarge tooLarge) {
    return respond(OversizedBodies.tooLarge());
  }

  @ServerExceptionMapper({PartnerErased.class, SubjectForgotten.class})
  public Response erased(RuntimeException erased) {
    return respond(erasedProblem());
  }

  static Problem erasedProblem() {
    return Problem.of(
        "erased", "Erased", 410, "This partner was erased; nothing of theirs is kept.");
  }

  @ServerExceptionMapper
  public Response notFound(NotFound notFound) {
    return respond(
        Problem.of("not-found", "Not found", 404, "There is nothing here that you can see."));
  }

  @ServerExceptionMapper
  public Response invalidHeader(InvalidHeader invalid) {
    return respond(Problem.invalid(invalid.header(), invalid.getMessage()));
  }

  @ServerExceptionMapper
  public Response invalidParameter(InvalidParameter invalid) {
    return respond(
        Problem.invalid(invalid.parameter(), invalid.parameter() + " " + invalid.getMessage()));
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
            errors,
            null));
  }

  // Each type named, so that these win over Quarkus REST's built-in mappers of the same types.
  @ServerExceptionMapper({
    JsonProcessingException.class,
    com.fasterxml.jackson.core.JsonParseException.class,
    JsonMappingException.class,
    com.fasterxml.jackson.databind.exc.MismatchedInputException.class,
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
      message = "Not a valid value for '" + field + "'.";
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
            field == null ? null : List.of(new Problem.FieldError(field, message)),
            null));
  }

  @ServerExceptionMapper({
    UnauthorizedException.class,
    AuthenticationFailedException.class,
    ForbiddenException.class
  })
  public Response unauthenticated(RuntimeException exception) {
    return Response.status(401)
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
        .type(Problem.MEDIA_TYPE)
        .entity(
            Problem.of(
                "unauthenticated",
                "Sign in",
                401,
                "A valid partner's bearer token is needed for this request."))
        .build();
  }

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException exception) {
    int status = exception.getResponse().getStatus();
    if (status == 404) {
      return notFound(new NotFound("Resource"));
    }
    if (status == 413) {
      return respond(OversizedBodies.tooLarge());
    }
    String slug =
        switch (status) {
          case 400 -> "invalid-input";
          case 405 -> "method-not-allowed";
          case 406 -> "not-acceptable";
          case 415 -> "unsupported-media-type";
          default -> "http-" + status;
        };
    Response.Status known = Response.Status.fromStatusCode(status);
    return respond(
        Problem.of(
            slug,
            known == null ? "Error" : known.getReasonPhrase(),
            status,
            status == 415
                ? "Send JSON (Content-Type: application/json)."
                : status == 400 ? "The request could not be read." : "See the API description."));
  }

  @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
  public Response unexpected(Throwable throwable) {
    if (connectionRefused(throwable)) {
      return connectionRefused();
    }
    if (connectionLost(throwable)) {
      return connectionLost();
    }
    String incident = UUID.randomUUID().toString();
    Log.errorf(throwable, "Unexpected error, incident %s", incident);
    return respond(
        Problem.of(
            "internal-error",
            "Something went wrong on our side",
            500,
            "Incident " + incident + "; please try again."));
  }

  /**
   * A database connection that ended under the request (a failover, a restart, a connection cut by
   * an administrator): the caller may try again; whether a command was saved is not known, so the
   * answer says how to send it again safely. Not an incident of ours.
   */
  static Response connectionLost() {
    return unavailable(
        "The database connection was lost",
        "The database connection ended while this was handled, so it is not known whether"
            + " a command was saved. Try again in a moment; send a command again with the"
            + " same Idempotency-Key or If-Match, and it is not applied twice.");
  }

  /** A 503 `unavailable` problem with Retry-After: the database, for a moment. */
  private static Response unavailable(String title, String detail) {
    return tryAgainSoon("unavailable", title, detail);
  }

  /** A 503 problem with Retry-After: a moment's shortage, worth sending again in a second. */
  private static Response tryAgainSoon(String type, String title, String detail) {
    return Response.status(503)
        .header(HttpHeaders.RETRY_AFTER, "1")
        .type(Problem.MEDIA_TYPE)
        .entity(Problem.of(type, title, 503, detail))
        .build();
  }

  /**
   * The database would not take a new connection (all its connection slots taken, or starting up):
   * a moment's shortage, not an incident; what the request needed was not done, so the answer says
   * how to send it again safely.
   */
  static Response connectionRefused() {
    return unavailable(
        "The database is not taking connections",
        "The database could not take another connection just now. Try again in a moment;"
            + " send a command again with the same Idempotency-Key or If-Match, and it is"
            + " not applied twice.");
  }

  /**
   * Whether PostgreSQL refused a connection: SQLSTATE 53300 (too many connections: every slot of
   * max_connections taken) or 57P03 (it cannot take connections now: starting or shutting down).
   */
  static boolean connectionRefused(Throwable throwable) {
    for (Throwable cause = throwable; cause != null; cause = cause.getCause()) {
      if (cause instanceof io.vertx.pgclient.PgException pg
          && ("53300".equals(pg.getSqlState()) || "57P03".equals(pg.getSqlState()))) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  /** Whether the failure, or a cause of it, is a database connection that ended. */
  static boolean connectionLost(Throwable throwable) {
    for (Throwable cause = throwable; cause != null; cause = cause.getCause()) {
      // The database's connection ended under the request: closed, reset, or its channel gone
      // (a request's own HTTP connection never reaches this mapper).
      if (cause instanceof io.vertx.sqlclient.ClosedConnectionException
          || cause instanceof java.net.SocketException
          || cause instanceof java.nio.channels.ClosedChannelException) {
        return true;
      }
      String message = String.valueOf(cause.getMessage());
      // The kernel's words for writing to a connection the other end has cut (seen when the
      // database's connections were cut under a command: a plain IOException from the socket).
      if (cause instanceof java.io.IOException
          && (message.equals("Broken pipe") || message.startsWith("Connection reset"))) {
        return true;
      }
      // The pool's words for a connection it found closed, and PostgreSQL's for one it ended.
      if (message.startsWith("Connection is not active now")
          || message.startsWith("Connection was closed")
          || message.contains("terminating connection due to administrator command")) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  public static Response respond(Problem problem) {
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
