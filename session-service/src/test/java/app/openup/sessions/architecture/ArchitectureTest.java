package app.openup.sessions.architecture;

import app.openup.testkit.ServiceArchitecture;
import org.junit.jupiter.api.Test;

/**
 * The layers of session-service, checked with the rules every service shares: the domain imports no
 * framework and no other layer, resources go through services, and no package of another service is
 * referenced.
 */
class ArchitectureTest {

  @Test
  void sessionServiceKeepsTheSharedLayering() {
    ServiceArchitecture.check("app.openup.sessions");
  }
}
