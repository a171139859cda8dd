package app.openup.eventing.quarkus;

import app.openup.eventing.store.EventStore;
import app.openup.eventing.store.StoreOptions;
import app.openup.eventing.vault.MasterKey;
import app.openup.eventing.vault.Vault;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * The event store on the service's reactive pool, and the vault on the key store's ({@value
 * #KEYS}), built from {@link EventingConfig}.
 */
@ApplicationScoped
public class EventingProducers {

  /** The name of the key store's datasource. */
  public static final String KEYS = "keys";

  @Produces
  @Singleton
  EventStore eventStore(Pool pool, EventingConfig config) {
    EventingConfig.Store store = config.store();
    StoreOptions options =
        StoreOptions.defaults()
            .withQueue(store.maxQueued(), store.queueTimeout())
            .withMaxEventBytes(store.maxEventBytes())
            .withIdempotencyRetention(store.idempotencyRetention());
    options =
        new StoreOptions(
            options.maxBatchSize(),
            options.maxBatchesInFlight(),
            options.maxQueued(),
            options.queueTimeout(),
            store.batchTimeout(),
            options.maxEventBytes(),
            options.idempotencyRetention());
    return new EventStore(pool, config.service(), options);
  }

  void closeEventStore(@Disposes EventStore store) {
    store.close();
  }

  @Produces
  @Singleton
  Vault vault(@ReactiveDataSource(KEYS) Pool keyStore, EventingConfig config) {
    EventingConfig.Vault vault = config.vault();
    MasterKey[] older =
        vault.olderKeys().entrySet().stream()
            .map((Map.Entry<String, String> key) -> MasterKey.of(key.getKey(), key.getValue()))
            .toArray(MasterKey[]::new);
    return new Vault(keyStore, MasterKey.of(vault.masterKeyId(), vault.masterKey()), older);
  }
}
