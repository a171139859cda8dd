package app.openup.needs.rest;

import app.openup.needs.domain.Couple;
import app.openup.needs.service.CoupleService;
import app.openup.needs.service.CoupleService.CoupleResult;
import app.openup.needs.service.CoupleService.CoupleState;
import app.openup.needs.service.CoupleService.Invited;
import app.openup.support.command.CommandContext;
import app.openup.support.command.RequestFingerprints;
import app.openup.support.rest.ApiHeaders;
import app.openup.support.rest.CurrentPartner;
import app.openup.support.rest.TraceContext;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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
  private final CurrentPartner caller;
  private final RequestFingerprints fingerprints;

  public CoupleResource(
      CoupleService couples, CurrentPartner caller, RequestFingerprints fingerprints) {
    this.couples = couples;
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
                            .entity(response(invited.outcome().state(), invited)),
                        invited.outcome().state().version(),
                        invited.outcome().result())
                    .build());
  }

  @GET
  public Uni<List<CoupleResponse>> list() {
    return couples
        .couplesOf(partner())
        .map(states -> states.stream().map(state -> response(state, null)).toList());
  }

  @GET
  @Path("{coupleId}")
  public Uni<Response> get(@PathParam("coupleId") UUID coupleId) {
    return couples
        .member(partner(), coupleId)
        .map(
            state ->
                ApiHeaders.versioned(Response.ok(response(state, null)), state.version(), null)
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
                        Response.status(201).entity(response(invited.outcome().state(), invited)),
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
    return couples.join(context, request.code()).map(CoupleResource::commandResponse);
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
    return couples.leave(context, coupleId).map(CoupleResource::commandResponse);
  }

  private static Response commandResponse(CoupleResult outcome) {
    return ApiHeaders.versioned(
            Response.ok(response(outcome.state(), null)),
            outcome.state().version(),
            outcome.result())
        .build();
  }

  static CoupleResponse response(CoupleState state, Invited invited) {
    Couple couple = state.couple();
    String status =
        couple.isClosed()
            ? "CLOSED"
            : couple.partners().size() == 2 ? "TOGETHER" : "WAITING_FOR_PARTNER";
    return new CoupleResponse(
        couple.id(),
        couple.partners().stream().sorted().toList(),
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
