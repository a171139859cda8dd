package app.openup.feedback.rest;

import app.openup.eventing.ConsistencyToken;
import app.openup.eventing.projection.NotCaughtUp;
import app.openup.feedback.domain.PraiseStyle;
import app.openup.feedback.domain.TargetKind;
import app.openup.feedback.service.FeedbackReads;
import app.openup.feedback.service.FeedbackViews;
import app.openup.feedback.service.PraiseService;
import app.openup.feedback.service.PraiseService.Outcome;
import app.openup.support.command.CommandContext;
import app.openup.support.command.NotFound;
import app.openup.support.command.RequestFingerprints;
import app.openup.support.rest.ApiHeaders;
import app.openup.support.rest.CurrentPartner;
import app.openup.support.rest.TraceContext;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Step 5: appreciate and praise. A partner praises a share (from a session) or a shared need of the
 * other partner, with a style and, if they like, their own words; they may withdraw it. Each
 * answers the praise as the caller now sees it, its ETag and a consistency token.
 */
@Path("/api/v1/couples/{coupleId}/praise")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class PraiseResource {

  static final int TEXT = 4000;

  public record TargetRequest(@NotNull TargetKind kind, @NotNull UUID id) {}

  public record PraiseRequest(
      @Valid @NotNull TargetRequest target,
      @NotNull PraiseStyle style,
      @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") @Size(max = TEXT)
          String words) {}

  private final PraiseService praise;
  private final FeedbackReads reads;
  private final CurrentPartner caller;
  private final RequestFingerprints fingerprints;

  public PraiseResource(
      PraiseService praise,
      FeedbackReads reads,
      CurrentPartner caller,
      RequestFingerprints fingerprints) {
    this.praise = praise;
    this.reads = reads;
    this.caller = caller;
    this.fingerprints = fingerprints;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<Response> give(
      @PathParam("coupleId") UUID coupleId,
      @Valid @NotNull PraiseRequest request,
      @HeaderParam(ApiHeaders.IDEMPOTENCY_KEY) String idempotencyKey,
      @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String token,
      @HeaderParam(ApiHeaders.TRACEPARENT) String traceparent) {
    String key = ApiHeaders.idempotencyKey(idempotencyKey);
    String base = "/api/v1/couples/" + coupleId + "/praise";
    CommandContext context =
        new CommandContext(
            caller.id(),
            null,
            key,
            key == null ? null : fingerprints.of("give-praise", base, request),
            TraceContext.traceparent(traceparent));
    return praise
        .give(
            context,
            ApiHeaders.consistencyToken(token),
            coupleId,
            request.target().kind(),
            request.target().id(),
            request.style(),
            request.words())
        .chain(outcome -> answer(coupleId, outcome, Response.Status.CREATED));
  }

  @GET
  public Uni<FeedbackViews.Page<FeedbackViews.Praise>> list(
      @PathParam("coupleId") UUID coupleId,
      @QueryParam("cursor") @Size(max = 200) String cursor,
      @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit,
      @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String token) {
    return reads.praiseList(
        caller.id(), coupleId, cursor, limit, ApiHeaders.consistencyToken(token));
  }

  @GET
  @Path("{praiseId}")
  public Uni<Response> get(
      @PathParam("coupleId") UUID coupleId,
      @PathParam("praiseId") UUID praiseId,
      @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String token) {
    return reads
        .praise(caller.id(), coupleId, praiseId, ApiHeaders.consistencyToken(token))
        .map(p -> ApiHeaders.versioned(Response.ok(p), p.version(), null).build());
  }

  @POST
  @Path("{praiseId}/withdraw")
  public Uni<Response> withdraw(
      @PathParam("coupleId") UUID coupleId,
      @PathParam("praiseId") UUID praiseId,
      @HeaderParam(ApiHeaders.IF_MATCH) String ifMatch,
      @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String token,
      @HeaderParam(ApiHeaders.TRACEPARENT) String traceparent) {
    CommandContext context =
        new CommandContext(
            caller.id(),
            ApiHeaders.ifMatch(ifMatch),
            null,
            null,
            TraceContext.traceparent(traceparent));
    return praise
        .withdraw(context, ApiHeaders.consistencyToken(token), coupleId, praiseId)
        .chain(outcome -> answer(coupleId, outcome, Response.Status.OK));
  }

  /**
   * The praise as the caller now sees it, after their own write; 202 with where to read it if the
   * read model is still behind.
   */
  private Uni<Response> answer(UUID coupleId, Outcome outcome, Response.Status status) {
    URI location = URI.create("/api/v1/couples/" + coupleId + "/praise/" + outcome.praiseId());
    Optional<ConsistencyToken> own =
        outcome.result() == null ? Optional.empty() : Optional.of(outcome.result().token());
    return reads
        .praise(caller.id(), coupleId, outcome.praiseId(), own)
        .map(
            p ->
                ApiHeaders.versioned(
                        Response.status(
                                p.version() >= outcome.version()
                                    ? status
                                    : Response.Status.ACCEPTED)
                            .entity(p)
                            .location(location),
                        outcome.version(),
                        outcome.result())
                    .build())
        // Not seen yet (or the read side still behind its token when the wait ran out): the
        // praise was given all the same; 202 says where to read it.
        .onFailure(failure -> failure instanceof NotFound || failure instanceof NotCaughtUp)
        .recoverWithItem(
            () ->
                ApiHeaders.versioned(
                        Response.accepted(
                                Map.of("id", outcome.praiseId(), "version", outcome.version()))
                            .location(location),
                        outcome.version(),
                        outcome.result())
                    .build());
  }
}
