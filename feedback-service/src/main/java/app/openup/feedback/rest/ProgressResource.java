package app.openup.feedback.rest;

import app.openup.feedback.service.ConsentService;
import app.openup.feedback.service.FeedbackReads;
import app.openup.feedback.service.FeedbackViews;
import app.openup.support.command.CommandContext;
import app.openup.support.rest.ApiHeaders;
import app.openup.support.rest.CurrentPartner;
import app.openup.support.rest.InvalidHeader;
import app.openup.support.rest.TraceContext;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
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
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;

/**
 * A couple's connection history, its progress dashboard, a partner's private view, and each
 * partner's consent to comparisons.
 */
@Path("/api/v1/couples/{coupleId}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ProgressResource {

  private final FeedbackReads reads;
  private final ConsentService consent;
  private final CurrentPartner caller;

  public ProgressResource(FeedbackReads reads, ConsentService consent, CurrentPartner caller) {
    this.reads = reads;
    this.consent = consent;
    this.caller = caller;
  }

  /** What happened across the five steps, newest first; by step and time if asked. */
  @GET
  @Path("history")
  public Uni<FeedbackViews.Page<FeedbackViews.Entry>> history(
      @PathParam("coupleId") UUID coupleId,
      @QueryParam("step") @Min(1) @Max(5) Integer step,
      @QueryParam("from") @Size(max = 40) String from,
      @QueryParam("to") @Size(max = 40) String to,
      @QueryParam("cursor") @Size(max = 200) String cursor,
      @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit,
      @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String token) {
    return reads.history(
        caller.id(),
        coupleId,
        step,
        instant("from", from),
        instant("to", to),
        cursor,
        limit,
        ApiHeaders.consistencyToken(token));
  }

  @GET
  @Path("dashboard")
  public Uni<FeedbackViews.Dashboard> dashboard(
      @PathParam("coupleId") UUID coupleId,
      @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String token) {
    return reads.dashboard(caller.id(), coupleId, ApiHeaders.consistencyToken(token));
  }

  /** The caller's private view: praise received and given, their own figures. */
  @GET
  @Path("me")
  public Uni<FeedbackViews.Mine> mine(
      @PathParam("coupleId") UUID coupleId,
      @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String token) {
    return reads.mine(caller.id(), coupleId, ApiHeaders.consistencyToken(token));
  }

  @POST
  @Path("comparisons/opt-in")
  public Uni<Response> optIn(
      @PathParam("coupleId") UUID coupleId,
      @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String token,
      @HeaderParam(ApiHeaders.TRACEPARENT) String traceparent) {
    return consent(coupleId, true, token, traceparent);
  }

  @POST
  @Path("comparisons/opt-out")
  public Uni<Response> optOut(
      @PathParam("coupleId") UUID coupleId,
      @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String token,
      @HeaderParam(ApiHeaders.TRACEPARENT) String traceparent) {
    return consent(coupleId, false, token, traceparent);
  }

  private Uni<Response> consent(UUID coupleId, boolean optIn, String token, String traceparent) {
    CommandContext context =
        new CommandContext(caller.id(), null, null, null, TraceContext.traceparent(traceparent));
    return consent
        .set(context, ApiHeaders.consistencyToken(token), coupleId, optIn)
        .map(
            outcome -> {
              Response.ResponseBuilder response =
                  Response.ok(
                      Map.of(
                          "youOptedIn", outcome.optedIn(), "comparisonsAvailable", outcome.both()));
              if (outcome.result() != null) {
                response.header(ApiHeaders.CONSISTENCY_TOKEN, outcome.result().token().encode());
              }
              return response.build();
            });
  }

  private static Instant instant(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new InvalidHeader(
          name, "'" + name + "' is an instant, for example 2026-12-01T00:00:00Z.");
    }
  }
}
