package app.openup.eventing.projection;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A projection's commits, announced in its process: a read waiting for its own write (a consistency
 * token) looks again when the projection has committed something, instead of asking the database
 * every few milliseconds. Under load those polls were most of the work: every waiting read asked
 * every 15 to 20 ms, so a projection falling behind made the database busier and fell further
 * behind (see benchmarks/README.md, "The platform").
 *
 * <p>Another replica's commits are not announced here, so a waiter also looks again after at most
 * {@link #FALLBACK}. A look that finds nothing new costs one indexed query, as before.
 */
public final class Commits {

  /** The longest a waiter goes without looking: commits made by another replica. */
  public static final Duration FALLBACK = Duration.ofMillis(100);

  /** Vert.x refuses timers under a millisecond; a wait this short is as good as none. */
  private static final Duration SHORTEST = Duration.ofMillis(2);

  private static final Map<String, Commits> BY_PROJECTION = new ConcurrentHashMap<>();

  private final AtomicReference<CompletableFuture<Void>> next =
      new AtomicReference<>(new CompletableFuture<>());

  private Commits() {}

  /** The commits of one projection (by its marks' name) in this process. */
  public static Commits of(String projection) {
    return BY_PROJECTION.computeIfAbsent(projection, name -> new Commits());
  }

  /** The projection committed: every waiter looks again. */
  public void committed() {
    next.getAndSet(new CompletableFuture<>()).complete(null);
  }

  /**
   * The next commit, taken before looking (a commit between the look and the wait is not missed).
   */
  public Signal next() {
    return new Signal(next.get());
  }

  /** A commit to wait for. */
  public static final class Signal {
    private final CompletableFuture<Void> commit;

    private Signal(CompletableFuture<Void> commit) {
      this.commit = commit;
    }

    /**
     * Completes at the commit or after {@code atMost} (at least two milliseconds), whichever comes
     * first, on the waiter's own Vert.x context: the commit is announced on the projection's, and a
     * request that went on there would share the projection's Hibernate Reactive session.
     */
    public Uni<Void> orAfter(Duration atMost) {
      if (commit.isDone()) {
        return Uni.createFrom().voidItem();
      }
      Context context = Vertx.currentContext();
      // An emitter of its own per waiter: a waiter that times out cancels only itself, never the
      // commit every other waiter is waiting for.
      return Uni.createFrom()
          .<Void>emitter(
              emitter ->
                  commit.whenComplete(
                      (ignored, failure) -> {
                        if (context == null) {
                          emitter.complete(null);
                        } else {
                          context.runOnContext(on -> emitter.complete(null));
                        }
                      }))
          .ifNoItem()
          .after(atMost.compareTo(SHORTEST) < 0 ? SHORTEST : atMost)
          .recoverWithItem((Void) null);
    }
  }
}
