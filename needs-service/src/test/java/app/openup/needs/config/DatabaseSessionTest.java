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
    String mode =
        pool.query("show plan_cache_mode")
            .execute()
            .map(rows -> rows.iterator().next().getString(0))
            .await()
            .atMost(Duration.ofSeconds(30));
    assertEquals("force_generic_plan", mode);
  }

  @Test
  void aTransactionLeftIdleIsEndedByTheDatabase() {
    String timeout =
        pool.query("show idle_in_transaction_session_timeout")
            .execute()
            .map(rows -> rows.iterator().next().getString(0))
            .await()
            .atMost(Duration.ofSeconds(30));
    assertEquals("1min", timeout);
  }
}
