package app.openup.needs.rest;

import app.openup.needs.domain.Topic;
import app.openup.needs.service.NeedReads;
import app.openup.needs.service.NeedService;
import app.openup.needs.service.NeedService.NeedResult;
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
import java.util.UUID;

/**
 * A couple's needs: step 1 (draft, revise, discard: private) and step 2 (share with why,
 * acknowledge, ask, answer, met, withdraw). Commands are POSTs on sub-resources.
 */
@Path("/api/v1/couples/{coupleId}/needs")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class NeedResource {

  static final int TEXT = 4000;

  public record DraftRequest(
      @NotNull Topic topic,
      @NotBlank @Size(max = TEXT) String meaning,
      @Size(min = 1, max = TEXT) String hopedOutcome) {}

  public record ShareRequest(@NotBlank @Size(max = TEXT) String why) {}

  public record AcknowledgeRequest(@NotBlank @Size(max = TEXT) String heard) {}

  public record QuestionRequest(@NotBlank @Size(max = TEXT) String question) {}

  public record AnswerRequest(@NotBlank @Size(max = TEXT) String answer) {}

  private final NeedService needs;
  private final NeedReads reads;
  private final CurrentPartner caller;
  private final RequestFingerprints fingerprints;

  public NeedResource(
      NeedService needs, NeedReads reads, CurrentPartner caller, RequestFingerprints fingerprints) {
    this.needs = needs;
    this.reads = reads;
    this.caller = caller;
    this.fingerprints = fingerprints;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<Response> draft(
      @PathParam("coupleId") UUID coupleId,
      @Valid @NotNull DraftRequest request,
      @HeaderParam(ApiHeaders.IDEMPOTENCY_KEY) String idempotencyKey,
      @HeaderParam("traceparent") String traceparent) {
    String key = ApiHeaders.idempotencyKey(idempotencyKey);
    CommandContext context =
        new CommandContext(
            partner(),
            null,
            key,
            key == null
                ? null
                : fingerprints.of("draft-need", "/api/v1/couples/" + coupleId + "/needs", request),
            TraceContext.traceparent(traceparent));
    return needs
        .draft(context, coupleId, request.topic(), request.meaning(), request.hopedOutcome())
        .map(
            result ->
                ApiHeaders.versioned(
                        Response.created(
                                URI.create(
                                    "/api/v1/couples/" + coupleId + "/needs/" + result.need().id()))
                            .entity(result.need()),
                        result.need().version(),
                        result.result())
                    .build());
  }

  @GET
  public Uni<NeedViews.Page<NeedViews.Summary>> list(
      @PathParam("coupleId") UUID coupleId,
      @QueryParam("cursor") @Size(max = 100) String cursor,
      @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit,
      @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String token) {
    return reads.list(partner(), coupleId, cursor, limit, ApiHeaders.consistencyToken(token));
  }

  @GET
  @Path("{needId}")
  public Uni<Response> get(
      @PathParam("coupleId") UUID coupleId,
      @PathParam("needId") UUID needId,
      @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String token) {
    return reads
        .get(partner(), coupleId, needId, ApiHeaders.consistencyToken(token))
        .map(need -> ApiHeaders.versioned(Response.ok(need), need.version(), null).build());
  }

  @POST
  @Path("{needId}/revise")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<Response> revise(
      @PathParam("coupleId") UUID coupleId,
      @PathParam("needId") UUID needId,
      @Valid @NotNull DraftRequest request,
      @HeaderParam(ApiHeaders.IF_MATCH) String ifMatch,
      @HeaderParam("traceparent") String traceparent) {
    return needs
        .revise(
            context(ifMatch, traceparent),
            coupleId,
            needId,
            request.topic(),
            request.meaning(),
            request.hopedOutcome())
        .map(NeedResource::ok);
  }

  @POST
  @Path("{needId}/discard")
  public Uni<Response> discard(
      @PathParam("coupleId") UUID coupleId,
      @PathParam("needId") UUID needId,
      @HeaderParam(ApiHeaders.IF_MATCH) String ifMatch,
      @HeaderParam("traceparent") String traceparent) {
    return needs
        .discard(context(ifMatch, traceparent), coupleId, needId)
        .map(
            result ->
                ApiHeaders.versioned(
                        Response.noContent(), result.result().toVersion(), result.result())
                    .build());
  }

  @POST
  @Path("{needId}/share")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<Response> share(
      @PathParam("coupleId") UUID coupleId,
      @PathParam("needId") UUID needId,
      @Valid @NotNull ShareRequest request,
      @HeaderParam(ApiHeaders.IF_MATCH) String ifMatch,
      @HeaderParam("traceparent") String traceparent) {
    return needs
        .share(context(ifMatch, traceparent), coupleId, needId, request.why())
        .map(NeedResource::ok);
  }

  @POST
  @Path("{needId}/acknowledge")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<Response> acknowledge(
      @PathParam("coupleId") UUID coupleId,
      @PathParam("needId") UUID needId,
      @Valid @NotNull AcknowledgeRequest request,
      @HeaderParam(ApiHeaders.IF_MATCH) String ifMatch,
      @HeaderParam("traceparent") String traceparent) {
    return needs
        .acknowledge(context(ifMatch, traceparent), coupleId, needId, request.heard())
        .map(NeedResource::ok);
  }

  @POST
  @Path("{needId}/questions")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<Response> ask(
      @PathParam("coupleId") UUID coupleId,
      @PathParam("needId") UUID needId,
      @Valid @NotNull QuestionRequest request,
      @HeaderParam(ApiHeaders.IF_MATCH) String ifMatch,
      @HeaderParam("traceparent") String traceparent) {
    return needs
        .ask(context(ifMatch, traceparent), coupleId, needId, request.question())
        .map(NeedResource::ok);
  }

  @POST
  @Path("{needId}/questions/{questionId}/answer")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<Response> answer(
      @PathParam("coupleId") UUID coupleId,
      @PathParam("needId") UUID needId,
      @PathParam("questionId") UUID questionId,
      @Valid @NotNull AnswerRequest request,
      @HeaderParam(ApiHeaders.IF_MATCH) String ifMatch,
      @HeaderParam("traceparent") String traceparent) {
    return needs
        .clarify(context(ifMatch, traceparent), coupleId, needId, questionId, request.answer())
        .map(NeedResource::ok);
  }

  @POST
  @Path("{needId}/met")
  public Uni<Response> met(
      @PathParam("coupleId") UUID coupleId,
      @PathParam("needId") UUID needId,
      @HeaderParam(ApiHeaders.IF_MATCH) String ifMatch,
      @HeaderParam("traceparent") String traceparent) {
    return needs.markMet(context(ifMatch, traceparent), coupleId, needId).map(NeedResource::ok);
  }

  @POST
  @Path("{needId}/withdraw")
  public Uni<Response> withdraw(
      @PathParam("coupleId") UUID coupleId,
      @PathParam("needId") UUID needId,
      @HeaderParam(ApiHeaders.IF_MATCH) String ifMatch,
      @HeaderParam("traceparent") String traceparent) {
    return needs.withdraw(context(ifMatch, traceparent), coupleId, needId).map(NeedResource::ok);
  }

  private static Response ok(NeedResult result) {
    return ApiHeaders.versioned(
            Response.ok(result.need()), result.need().version(), result.result())
        .build();
  }

  private CommandContext context(String ifMatch, String traceparent) {
    return new CommandContext(
        partner(), ApiHeaders.ifMatch(ifMatch), null, null, TraceContext.traceparent(traceparent));
  }

  private UUID partner() {
    return caller.id();
  }
}
