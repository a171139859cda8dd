package app.openup.needs.messaging;

import app.openup.eventing.relay.EventRelay;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while the relay is stuck: events would pile up unpublished. */
@Readiness
@ApplicationScoped
public class RelayReadiness implements HealthCheck {

  private final RelayRunner runner;

  public RelayReadiness(RelayRunner runner) {
    this.runner = runner;
  }

  @Override
  public HealthCheckResponse call() {
    EventRelay relay = runner.relay();
    return HealthCheckResponse.named("event-relay")
        .status(!relay.isStuck())
        .withData("state", relay.state().name())
        .withData("lagEvents", relay.lagEvents())
        .build();
  }
}
