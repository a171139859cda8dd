package app.openup.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the checks know of a service comes from its own files, read as Quarkus reads them. */
class ServiceConfigTest {

  @Test
  void aVariableIsReadWhenAnExpressionNamesItOrItIsTheEnvironmentFormOfAProperty() {
    ServiceConfig needs = ServiceConfig.of("needs-service");
    assertTrue(needs.reads("OPENUP_DB_HOST"), "named in the shared defaults' JDBC URL");
    assertTrue(needs.reads("QUARKUS_DATASOURCE__KEYS__REACTIVE_MAX_SIZE"), "a property's env form");
    assertFalse(needs.reads("OPENUP_NEEDS_MOOD"));
    assertTrue(needs.requiredVariables().contains("OPENUP_VAULT_MASTER_KEY"), "it has no default");
  }

  @Test
  void expressionsResolveWithTheEnvironmentOrTheirDefaults() {
    ServiceConfig sessions = ServiceConfig.of("session-service");
    assertEquals("8082", sessions.resolve("quarkus.http.port", Map.of()));
    assertEquals(
        "18082", sessions.resolve("quarkus.http.port", Map.of("SESSION_SERVICE_PORT", "18082")));
    assertEquals(
        "jdbc:postgresql://db:5432/openup_sessions",
        sessions.resolve("quarkus.datasource.jdbc.url", Map.of("OPENUP_DB_HOST", "db")));
  }

  @Test
  void channelsGiveTheTopicsAServiceReadsAndWrites() {
    ServiceConfig feedback = ServiceConfig.of("feedback-service");
    assertEquals(
        java.util.Set.of("needs.events", "sessions.events", "feedback.events"),
        feedback.readTopics());
    assertEquals(
        java.util.Set.of("feedback.events", "feedback.platform-events.dead-letters"),
        feedback.writtenTopics());
    assertTrue(feedback.rebuildsFromTopics());
    assertFalse(ServiceConfig.of("session-service").rebuildsFromTopics());
  }

  @Test
  void resourcePathsAreReadFromTheCodeLiteralOrConstant() {
    assertTrue(ServiceConfig.of("needs-service").resourcePaths().contains("/api/v1/partners/me"));
    var feedback = ServiceConfig.of("feedback-service").resourcePaths();
    assertTrue(
        feedback.contains("/api/v1/couples/{coupleId}/praise/{praiseId}"), feedback::toString);
    assertTrue(feedback.contains("/couple"), "@Path(PageSession.PATH): " + feedback);
  }
}
