package app.openup.needs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.openup.testkit.OpenUpTestResources;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The service's connections are set up as application.properties says. */
@QuarkusTest
@WithTestResource(value = OpenUpTestResources.class, scope = TestResourceScope.GLOBAL)
class DatabaseSessionTest {

  @Inject Pool pool;

  @Test
  void theEventStoresStatementsArePlannedOncePerConnection() {
    assertEquals("force_generic_plan", setting("plan_cache_mode"));
  }

  @Test
  void aTransactionLeftIdleIsEndedByTheDatabase() {
    assertEquals("1min", setting("idle_in_transaction_session_timeout"));
  }

  /** A setting as a connection of the service's pool sees it. */
  private String setting(String name) {
    return pool.query("show " + name)
        .execute()
        .map(rows -> rows.iterator().next().getString(0))
        .await()
        .atMost(Duration.ofSeconds(30));
  }
}
