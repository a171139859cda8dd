package app.openup.needs.rest;

import app.openup.needs.domain.Couple;
import app.openup.needs.service.CoupleReads;
import app.openup.needs.service.CoupleService;
import app.openup.needs.service.CoupleService.CoupleResult;
import app.openup.needs.service.CoupleService.CoupleState;
import app.openup.needs.service.CoupleService.Invited;
import app.openup.needs.service.NeedViews;
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
import java.util.List;
import java.util.UUID;

/** The couple: form it, invite and join, leave. */
@Path("/api/v1/couples")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class CoupleResource {

  /** What a partner sees of a couple. */
  public record CoupleResponse(
      UUID id, List<UUID> partners, String status, InvitationResponse invitation, long version) {}

  /** An invitation code, shown to its inviter only. */
  public record InvitationResponse(String code, Instant expiresAt) {}

  public record JoinRequest(@NotBlank @Size(max = 100) String code) {}

  private final CoupleService couples;
  private final CoupleReads reads;
  private final CurrentPartner caller;
  private final RequestFingerprints fingerprints;

  public CoupleResource(
      CoupleService couples,
      CoupleReads reads,
      CurrentPartner caller,
      RequestFingerprints fingerprints) {
    this.couples = couples;
    this.reads = reads;
    this.caller = caller;
    this.fingerprints = fingerprints;
  }

  @POST
  public Uni<Response> form(
      @HeaderParam(ApiHeaders.IDEMPOTENCY_KEY) String idempotencyKey,
      @HeaderParam("traceparent") String traceparent) {
    String key = ApiHeaders.idempotencyKey(idempotencyKey);
    CommandContext context =
        new CommandContext(
            partner(),
            null,
            key,
            key == null ? null : fingerprints.of("form-couple", "/api/v1/couples", null),
            TraceContext.traceparent(traceparent));
    return couples
        .form(context)
        .map(
            invited ->
                ApiHeaders.versioned(
                        Response.created(location(invited.outcome()))
                            .entity(response(partner(), invited.outcome().state(), invited)),
                        invited.outcome().state().version(),
                        invited.outcome().result())
                    .build());
  }

  /** The caller's couples, the one they came to last first, {@code limit} at a time. */
  @GET
  public Uni<NeedViews.Page<CoupleResponse>> list(
      @QueryParam("cursor") @Size(max = 100) String cursor,
      @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit,
      @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String token) {
    UUID reader = partner();
    return reads
        .list(reader, cursor, limit, ApiHeaders.consistencyToken(token))
        .map(
            page ->
                new NeedViews.Page<>(
                    page.items().stream().map(state -> response(reader, state, null)).toList(),
                    page.nextCursor()));
  }

  @GET
  @Path("{coupleId}")
  public Uni<Response> get(
      @PathParam("coupleId") UUID coupleId,
      @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String token) {
    UUID reader = partner();
    return reads
        .get(reader, coupleId, ApiHeaders.consistencyToken(token))
        .map(
            state ->
                ApiHeaders.versioned(
                        Response.ok(response(reader, state, null)), state.version(), null)
                    .build());
  }

  @POST
  @Path("{coupleId}/invitations")
  public Uni<Response> invite(
      @PathParam("coupleId") UUID coupleId,
      @HeaderParam(ApiHeaders.IF_MATCH) String ifMatch,
      @HeaderParam("traceparent") String traceparent) {
    CommandContext context =
        new CommandContext(
            partner(),
            ApiHeaders.ifMatch(ifMatch),
            null,
            null,
            TraceContext.traceparent(traceparent));
    return couples
        .invite(context, coupleId)
        .map(
            invited ->
                ApiHeaders.versioned(
                        Response.status(201)
                            .entity(response(partner(), invited.outcome().state(), invited)),
                        invited.outcome().state().version(),
                        invited.outcome().result())
                    .build());
  }

  @GET
  @Path("{coupleId}/invitation")
  public Uni<InvitationResponse> invitation(@PathParam("coupleId") UUID coupleId) {
    return couples
        .currentInvitation(new CommandContext(partner(), null, null, null, null), coupleId)
        .map(invited -> new InvitationResponse(invited.code(), invited.expiresAt()));
  }

  @POST
  @Path("join")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<Response> join(
      @Valid @NotNull JoinRequest request, @HeaderParam("traceparent") String traceparent) {
    CommandContext context =
        new CommandContext(partner(), null, null, null, TraceContext.traceparent(traceparent));
    return couples.join(context, request.code()).map(this::commandResponse);
  }

  @POST
  @Path("{coupleId}/leave")
  public Uni<Response> leave(
      @PathParam("coupleId") UUID coupleId,
      @HeaderParam(ApiHeaders.IF_MATCH) String ifMatch,
      @HeaderParam("traceparent") String traceparent) {
    CommandContext context =
        new CommandContext(
            partner(),
            ApiHeaders.ifMatch(ifMatch),
            null,
            null,
            TraceContext.traceparent(traceparent));
    return couples.leave(context, coupleId).map(this::commandResponse);
  }

  private Response commandResponse(CoupleResult outcome) {
    return ApiHeaders.versioned(
            Response.ok(response(partner(), outcome.state(), null)),
            outcome.state().version(),
            outcome.result())
        .build();
  }

  /**
   * The couple as the reader sees it: once a partner has left, each sees only themself in it,
   * nothing of the other.
   */
  static CoupleResponse response(UUID reader, CoupleState state, Invited invited) {
    Couple couple = state.couple();
    String status =
        couple.isClosed()
            ? "CLOSED"
            : couple.partners().size() == 2 ? "TOGETHER" : "WAITING_FOR_PARTNER";
    List<UUID> partners =
        couple.isClosed() ? List.of(reader) : couple.partners().stream().sorted().toList();
    return new CoupleResponse(
        couple.id(),
        partners,
        status,
        invited == null ? null : new InvitationResponse(invited.code(), invited.expiresAt()),
        state.version());
  }

  private static URI location(CoupleResult outcome) {
    return URI.create("/api/v1/couples/" + outcome.state().couple().id());
  }

  private UUID partner() {
    return caller.id();
  }
}
