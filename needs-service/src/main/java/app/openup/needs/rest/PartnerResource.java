package app.openup.needs.rest;

import app.openup.needs.service.CoupleService;
import app.openup.support.command.CommandContext;
import app.openup.support.rest.AllowedAfterErasure;
import app.openup.support.rest.CurrentPartner;
import app.openup.support.rest.TraceContext;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** The partner themself: erasure. */
@Path("/api/v1/partners/me")
@Authenticated
public class PartnerResource {

  private final CoupleService couples;
  private final CurrentPartner caller;

  public PartnerResource(CoupleService couples, CurrentPartner caller) {
    this.couples = couples;
    this.caller = caller;
  }

  /**
   * Erases the caller across the platform: their couples close, {@code PartnerErased} tells the
   * other services, and their key is forgotten so all their words become unreadable.
   */
  @DELETE
  @AllowedAfterErasure
  public Uni<Response> erase(@HeaderParam("traceparent") String traceparent) {
    CommandContext context =
        new CommandContext(caller.id(), null, null, null, TraceContext.traceparent(traceparent));
    return couples.erase(context).replaceWith(Response.noContent().build());
  }
}
