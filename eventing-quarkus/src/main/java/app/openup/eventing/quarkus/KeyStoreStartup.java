package app.openup.eventing.quarkus;

import app.openup.eventing.vault.KeyStoreMove;
import app.openup.eventing.vault.Vault;
import io.quarkus.logging.Log;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * Before the service serves anything: keys that an earlier version kept in the event store's
 * database move to the key store (and that table is dropped), and, if asked, every data key is
 * re-wrapped with the current master key so that older ones can be retired.
 */
@ApplicationScoped
public class KeyStoreStartup {

  private static final Duration WAIT = Duration.ofMinutes(5);

  void start(
      @Observes @Priority(10) StartupEvent startup,
      Pool eventStore,
      @ReactiveDataSource(EventingProducers.KEYS) Pool keyStore,
      Vault vault,
      EventingConfig config) {
    KeyStoreMove.moveKeys(eventStore, keyStore).await().atMost(WAIT);
    if (config.vault().rewrapAtStart()) {
      int rewrapped = vault.rewrap().await().atMost(WAIT);
      Log.infof(
          "Re-wrapped %d data keys with master key %s", rewrapped, config.vault().masterKeyId());
    }
  }
}
