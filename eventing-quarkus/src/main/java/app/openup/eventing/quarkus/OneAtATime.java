package app.openup.eventing.quarkus;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Background work nobody waits for, at most one at a time per key: a read model's versions read
 * again while reads go on with the copy they have.
 */
final class OneAtATime {

  private final Map<String, AtomicBoolean> running = new ConcurrentHashMap<>();

  /** Starts {@code work} unless the key's previous work is still running. */
  void start(String key, Supplier<Uni<?>> work) {
    AtomicBoolean busy = running.computeIfAbsent(key, k -> new AtomicBoolean());
    if (busy.compareAndSet(false, true)) {
      work.get()
          .onTermination()
          .invoke(() -> busy.set(false))
          .subscribe()
          .with(
              ignored -> {},
              failure -> Log.debugf("Background work for %s failed: %s", key, failure));
    }
  }
}
