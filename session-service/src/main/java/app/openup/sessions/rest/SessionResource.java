package app.openup.sessions.rest;

import app.openup.eventing.ConsistencyToken;
import app.openup.sessions.domain.Depth;
import app.openup.sessions.domain.OpenQuestion;
import app.openup.sessions.domain.Rating;
import app.openup.sessions.domain.Readiness;
import app.openup.sessions.domain.SessionEvent.DefensivenessNoticed;
import app.openup.sessions.domain.SessionStatus;
import app.openup.sessions.domain.ShareKind;
import app.openup.sessions.domain.StartFelt;
import app.openup.sessions.domain.Topic;
import app.openup.sessions.domain.Whose;
import app.openup.sessions.service.SessionReads;
import app.openup.sessions.service.SessionService;
import app.openup.sessions.service.SessionService.Outcome;
import app.openup.sessions.service.SessionViews;
import app.openup.support.command.CommandContext;
import app.openup.support.command.RequestFingerprints;
import app.openup.support.rest.ApiHeaders;
import app.openup.support.rest.CurrentPartner;
import app.openup.support.rest.TraceContext;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A couple's safe-space sessions: step 3 (propose, answer, check in, start or take a rain check)
 * and step 4 (the one who asked shares first; open questions; defensive moments turned into
 * curiosity), then close and rate. Commands are POSTs on sub-resources; each answers with the
 * session as the caller now sees it, its ETag and a consistency token.
 */
@Path("/api/v1/couples/{coupleId}/sessions")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

  static final int TEXT = 4000;
  static final int PLACE = 200;

  public record ProposeRequest(
      @NotNull Instant startsAt,
      @NotNull Instant endsAt,
      @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") @Size(max = PLACE)
          String place,
      UUID needId,
      Topic topic) {}

  public record RescheduleRequest(
      @NotNull Instant startsAt,
      @NotNull Instant endsAt,
      @Size(min = 1, max = PLACE) String place) {}

  public record CheckInRequest(
      @NotNull @Min(1) @Max(5) Integer calm, @NotNull Boolean rushed, @NotNull Boolean angry) {}

  public record ShareRequest(
      @NotNull Depth depth,
      @NotNull ShareKind kind,
      Topic topic,
      @NotBlank @Size(max = TEXT) String text) {}

  /** A question from the catalogue, or in your own words: exactly one. */
  public record QuestionRequest(
      OpenQuestion question,
      @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") @Size(max = TEXT)
          String words) {}

  public record DefensivenessRequest(@NotNull Whose whose) {}

  public record RatingRequest(
      @NotNull @Min(1) @Max(5) Integer safety,
      @NotNull StartFelt start,
      boolean shareWithPartner) {}

  private final SessionService sessions;
  private final SessionReads reads;
  private final CurrentPartner caller;
  private final RequestFingerprints fingerprints;

  public SessionResource(
      SessionService sessions,
      SessionReads reads,
      CurrentPartner caller,
      RequestFingerprints fingerprints) {
    this.sessions = sessions;
    this.reads = reads;
    this.caller = caller;
    this.fingerprints = fingerprints;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<Response> propose(
      @PathParam("coupleId") UUID coupleId,
      @Valid @NotNull ProposeRequest request,
      @HeaderParam(ApiHeaders.IDEMPOTENCY_KEY) String idempotencyKey,
      @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String token,
      @HeaderParam(ApiHeaders.TRACEPARENT) String traceparent) {
    String key = ApiHeaders.idempotencyKey(idempotencyKey);
    UUID partner = caller.id();
    CommandContext context =
        new CommandContext(
            partner,
            null,
            key,
            key == null ? null : fingerprints.of("propose-session", base(coupleId), request),
            TraceContext.traceparent(traceparent));
    return sessions
        .propose(
            context,
            ApiHeaders.consistencyToken(token),
            coupleId,
            request.startsAt(),
            request.endsAt(),
            request.place(),
            request.needId(),
            request.topic())
        .chain(
            outcome ->
                detail(coupleId, outcome)
                    .map(
                        session ->
                            respond(
                                    session.isPresent()
                                        ? Response.status(201)
                                        : Response.accepted(),
                                    coupleId,
                                    outcome,
                                    session.isPresent() ? session.get() : pending(outcome))
                                .location(URI.create(base(coupleId) + "/" + outcome.sessionId()))
                                .build()));
  }

  @GET
  public Uni<SessionViews.Page<SessionViews.Summary>> list(
      @PathParam("coupleId") UUID coupleId,
      @QueryParam("status") SessionStatus status,
      @QueryParam("cursor") @Size(max = 100) String cursor,
      @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit,
      @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String token) {
    return reads.list(
        caller.id(), coupleId, status, cursor, limit, ApiHeaders.consistencyToken(token));
  }

  @GET
  @Path("{sessionId}")
  public Uni<Response> get(
      @PathParam("coupleId") UUID coupleId,
      @PathParam("sessionId") UUID sessionId,
      @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String token) {
    return reads
        .get(caller.id(), coupleId, sessionId, ApiHeaders.consistencyToken(token))
        .map(
            session -> ApiHeaders.versioned(Response.ok(session), session.version(), null).build());
  }

  @POST
  @Path("{sessionId}/reschedule")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<Response> reschedule(
      @PathParam("coupleId") UUID coupleId,
      @PathParam("sessionId") UUID sessionId,
      @Valid @NotNull RescheduleRequest request,
      @HeaderParam(ApiHeaders.IF_MATCH) String ifMatch,
      @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String token,
      @HeaderParam(ApiHeaders.TRACEPARENT) String traceparent) {
    return answer(
        coupleId,
        sessions.reschedule(
            context(ifMatch, traceparent),
            ApiHeaders.consistencyToken(token),
            coupleId,
            sessionId,
            request.startsAt(),
            request.endsAt(),
            request.place()));
  }

  @POST
  @Path("{sessionId}/accept")
  public Uni<Response> accept(
      @PathParam("coupleId") UUID coupleId,
      @PathParam("sessionId") UUID sessionId,
      @HeaderParam(ApiHeaders.IF_MATCH) String ifMatch,
      @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String token,
      @HeaderParam(ApiHeaders.TRACEPARENT) String traceparent) {
    return answer(
        coupleId,
        sessions.accept(
            context(ifMatch, traceparent),
            ApiHeaders.consistencyToken(token),
            coupleId,
            sessionId));
  }

  @POST
  @Path("{sessionId}/decline")
  public Uni<Response> decline(
      @PathParam("coupleId") UUID coupleId,
      @PathParam("sessionId") UUID sessionId,
      @HeaderParam(ApiHeaders.IF_MATCH) String ifMatch,
      @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String token,
      @HeaderParam(ApiHeaders.TRACEPARENT) String traceparent) {
    return answer(
        coupleId,
        sessions.decline(
            context(ifMatch, traceparent),
            ApiHeaders.consistencyToken(token),
            coupleId,
            sessionId));
  }

  /** A rain check, without blame: either partner, any time before the session starts. */
  @POST
  @Path("{sessionId}/postpone")
  public Uni<Response> postpone(
      @PathParam("coupleId") UUID coupleId,
      @PathParam("sessionId") UUID sessionId,
      @HeaderParam(ApiHeaders.IF_MATCH) String ifMatch,
      @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String token,
      @HeaderParam(ApiHeaders.TRACEPARENT) String traceparent) {
    return answer(
        coupleId,
        sessions.postpone(
            context(ifMatch, traceparent),
            ApiHeaders.consistencyToken(token),
            coupleId,
            sessionId));
  }

  @POST
  @Path("{sessionId}/check-ins")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<Response> checkIn(
      @PathParam("coupleId") UUID coupleId,
      @PathParam("sessionId") UUID sessionId,
      @Valid @NotNull CheckInRequest request,
      @HeaderParam(ApiHeaders.IF_MATCH) String ifMatch,
      @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String token,
      @HeaderParam(ApiHeaders.TRACEPARENT) String traceparent) {
    return answer(
        coupleId,
        sessions.checkIn(
            context(ifMatch, traceparent),
            ApiHeaders.consistencyToken(token),
            coupleId,
            sessionId,
            new Readiness(request.calm(), request.rushed(), request.angry())));
  }

  @POST
  @Path("{sessionId}/start")
  public Uni<Response> start(
      @PathParam("coupleId") UUID coupleId,
      @PathParam("sessionId") UUID sessionId,
      @HeaderParam(ApiHeaders.IF_MATCH) String ifMatch,
      @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String token,
      @HeaderParam(ApiHeaders.TRACEPARENT) String traceparent) {
    return answer(
        coupleId,
        sessions.start(
            context(ifMatch, traceparent),
            ApiHeaders.consistencyToken(token),
            coupleId,
            sessionId));
  }

  @POST
  @Path("{sessionId}/shares")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<Response> share(
      @PathParam("coupleId") UUID coupleId,
      @PathParam("sessionId") UUID sessionId,
      @Valid @NotNull ShareRequest request,
      @HeaderParam(ApiHeaders.IF_MATCH) String ifMatch,
      @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String token,
      @HeaderParam(ApiHeaders.TRACEPARENT) String traceparent) {
    return answer(
        coupleId,
        sessions.share(
            context(ifMatch, traceparent),
            ApiHeaders.consistencyToken(token),
            coupleId,
            sessionId,
            request.depth(),
            request.kind(),
            request.topic(),
            request.text()));
  }

  @POST
  @Path("{sessionId}/questions")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<Response> ask(
      @PathParam("coupleId") UUID coupleId,
      @PathParam("sessionId") UUID sessionId,
      @Valid @NotNull QuestionRequest request,
      @HeaderParam(ApiHeaders.IF_MATCH) String ifMatch,
      @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String token,
      @HeaderParam(ApiHeaders.TRACEPARENT) String traceparent) {
    return answer(
        coupleId,
        sessions.ask(
            context(ifMatch, traceparent),
            ApiHeaders.consistencyToken(token),
            coupleId,
            sessionId,
            request.question(),
            request.words()));
  }

  /** A defensive moment noticed: the answer suggests an open question to ask instead. */
  @POST
  @Path("{sessionId}/defensive-moments")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<Response> notice(
      @PathParam("coupleId") UUID coupleId,
      @PathParam("sessionId") UUID sessionId,
      @Valid @NotNull DefensivenessRequest request,
      @HeaderParam(ApiHeaders.IF_MATCH) String ifMatch,
      @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String token,
      @HeaderParam(ApiHeaders.TRACEPARENT) String traceparent) {
    return sessions
        .notice(
            context(ifMatch, traceparent),
            ApiHeaders.consistencyToken(token),
            coupleId,
            sessionId,
            request.whose())
        .chain(
            outcome ->
                detail(coupleId, outcome)
                    .map(
                        session -> {
                          DefensivenessNoticed noticed =
                              (DefensivenessNoticed) outcome.events().get(0);
                          SessionViews.Noticed body =
                              new SessionViews.Noticed(
                                  noticed.momentId(),
                                  SessionViews.Suggestion.of(noticed.suggestion()),
                                  session.orElse(null));
                          return respond(
                                  session.isPresent() ? Response.ok() : Response.accepted(),
                                  coupleId,
                                  outcome,
                                  body)
                              .build();
                        }));
  }

  @POST
  @Path("{sessionId}/close")
  public Uni<Response> close(
      @PathParam("coupleId") UUID coupleId,
      @PathParam("sessionId") UUID sessionId,
      @HeaderParam(ApiHeaders.IF_MATCH) String ifMatch,
      @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String token,
      @HeaderParam(ApiHeaders.TRACEPARENT) String traceparent) {
    return answer(
        coupleId,
        sessions.close(
            context(ifMatch, traceparent),
            ApiHeaders.consistencyToken(token),
            coupleId,
            sessionId));
  }

  /** How safe it felt: yours alone, unless you both choose to share. */
  @POST
  @Path("{sessionId}/ratings")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<Response> rate(
      @PathParam("coupleId") UUID coupleId,
      @PathParam("sessionId") UUID sessionId,
      @Valid @NotNull RatingRequest request,
      @HeaderParam(ApiHeaders.IF_MATCH) String ifMatch,
      @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String token,
      @HeaderParam(ApiHeaders.TRACEPARENT) String traceparent) {
    return answer(
        coupleId,
        sessions.rate(
            context(ifMatch, traceparent),
            ApiHeaders.consistencyToken(token),
            coupleId,
            sessionId,
            new Rating(request.safety(), request.start()),
            request.shareWithPartner()));
  }

  /**
   * The session as the caller now sees it, read after the command's own write; empty if the read
   * model did not catch up within the wait (the command happened all the same).
   */
  private Uni<Optional<SessionViews.Detail>> detail(UUID coupleId, Outcome outcome) {
    ConsistencyToken own = outcome.result() == null ? null : outcome.result().token();
    return reads.afterCommand(caller.id(), coupleId, outcome.sessionId(), own, outcome.version());
  }

  /**
   * 200 with the session, or, if the read model is behind, 202 with where to read it (the ETag and
   * the consistency token are the command's either way).
   */
  private Uni<Response> answer(UUID coupleId, Uni<Outcome> command) {
    return command.chain(
        outcome ->
            detail(coupleId, outcome)
                .map(
                    session ->
                        respond(
                                session.isPresent() ? Response.ok() : Response.accepted(),
                                coupleId,
                                outcome,
                                session.isPresent() ? session.get() : pending(outcome))
                            .build()));
  }

  private static Response.ResponseBuilder respond(
      Response.ResponseBuilder status, UUID coupleId, Outcome outcome, Object body) {
    Response.ResponseBuilder response =
        ApiHeaders.versioned(status.entity(body), outcome.version(), outcome.result());
    if (body instanceof SessionViews.Pending) {
      response.location(URI.create(base(coupleId) + "/" + outcome.sessionId()));
    }
    return response;
  }

  private static SessionViews.Pending pending(Outcome outcome) {
    return new SessionViews.Pending(outcome.sessionId(), outcome.version());
  }

  private CommandContext context(String ifMatch, String traceparent) {
    return new CommandContext(
        caller.id(),
        ApiHeaders.ifMatch(ifMatch),
        null,
        null,
        TraceContext.traceparent(traceparent));
  }

  private static String base(UUID coupleId) {
    return "/api/v1/couples/" + coupleId + "/sessions";
  }
}
