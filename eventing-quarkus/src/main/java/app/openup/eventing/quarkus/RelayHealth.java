package app.openup.eventing.quarkus;

import app.openup.eventing.relay.EventRelay;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * The relay's health, as a wellness check ({@code /q/health/well} on the management interface): a
 * relay that is held back or stuck is an alert for operators, never a reason to take the service's
 * pods out of service (readiness covers the database and the HTTP path).
 */
@Wellness
@ApplicationScoped
public class RelayHealth implements HealthCheck {

  private final RelayRunner runner;

  public RelayHealth(RelayRunner runner) {
    this.runner = runner;
  }

  @Override
  public HealthCheckResponse call() {
    EventRelay relay = runner.relay();
    return HealthCheckResponse.named("event-relay")
        .status(!relay.isStuck())
        .withData("state", relay.state().name())
        .withData("lagEvents", relay.lagEvents())
        .withData("setAside", relay.setAsideCount())
        .withData("rebases", relay.rebaseCount())
        .build();
  }
}
