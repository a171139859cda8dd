package app.openup.eventing.quarkus;

import app.openup.eventing.store.EventStore;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Removes idempotency keys older than their retention, every hour (and shortly after start), so the
 * table does not grow without bound. Several replicas may run it at once: each deletes what is old,
 * and a key is deleted once.
 */
@ApplicationScoped
public class IdempotencyPurge {

  private final EventStore store;

  public IdempotencyPurge(EventStore store) {
    this.store = store;
  }

  @Scheduled(
      every = "${openup.eventing.store.purge-every}",
      delayed = "1m",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> purge() {
    return store
        .purgeIdempotencyKeys()
        .invoke(removed -> Log.debugf("Purged %d expired idempotency keys", removed))
        .replaceWithVoid();
  }
}
