package app.openup.needs.config;

import app.openup.eventing.store.EventSourcedRepository;
import app.openup.eventing.store.EventStore;
import app.openup.eventing.vault.MasterKey;
import app.openup.eventing.vault.Vault;
import app.openup.needs.domain.Couple;
import app.openup.needs.domain.CoupleCommand;
import app.openup.needs.domain.CoupleDecider;
import app.openup.needs.domain.CoupleEvent;
import app.openup.needs.domain.Need;
import app.openup.needs.domain.NeedCommand;
import app.openup.needs.domain.NeedDecider;
import app.openup.needs.domain.NeedEvent;
import app.openup.needs.repository.NeedsEventTypes;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The event store, the vault and the aggregates' repositories of this service. */
@ApplicationScoped
public class EventingSetup {

  /** The name in consistency tokens and the CloudEvents source ({@code /openup/needs}). */
  public static final String SOURCE = "needs";

  @Produces
  @Singleton
  EventStore eventStore(Pool pool) {
    return new EventStore(pool, SOURCE);
  }

  @Produces
  @Singleton
  Vault vault(Pool pool, NeedsConfig config) {
    return new Vault(pool, MasterKey.of(config.vault().masterKeyId(), config.vault().masterKey()));
  }

  @Produces
  @Singleton
  EventSourcedRepository<CoupleCommand, Couple, CoupleEvent> couples(
      EventStore store, NeedsConfig config) {
    return new EventSourcedRepository<>(
        store, NeedsEventTypes.COUPLE, new CoupleDecider(), config.cachedStreams());
  }

  @Produces
  @Singleton
  EventSourcedRepository<NeedCommand, Need, NeedEvent> needs(EventStore store, NeedsConfig config) {
    return new EventSourcedRepository<>(
        store, NeedsEventTypes.NEED, new NeedDecider(), config.cachedStreams());
  }
}
