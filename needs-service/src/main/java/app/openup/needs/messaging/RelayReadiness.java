package app.openup.needs.messaging;

import app.openup.eventing.relay.EventRelay;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * The relay's health, in a group of its own ({@code /q/health/group/relay}): a relay that is held
 * back or stuck is an alert for operators, never a reason to take the service out of service.
 */
@HealthGroup("relay")
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
