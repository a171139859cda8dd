package app.openup.feedback.architecture;

import app.openup.testkit.ServiceArchitecture;
import org.junit.jupiter.api.Test;

/**
 * The layers of feedback-service, checked with the rules every service shares: the domain imports
 * no framework and no other layer, resources go through services, and no package of another service
 * is referenced (the producers' events are read with its own tolerant readers).
 */
class ArchitectureTest {

  @Test
  void feedbackServiceKeepsTheSharedLayering() {
    ServiceArchitecture.check("app.openup.feedback");
  }
}
