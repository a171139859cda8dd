package app.openup.eventing.projection;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A projection's commits, announced in its process: a read waiting for its own write (a consistency
 * token) looks again when the projection has committed something, instead of asking the database
 * every few milliseconds. Under load those polls were most of the work: every waiting read asked
 * every 15 to 20 ms, so a projection falling behind made the database busier and fell further
 * behind (see benchmarks/README.md, "The platform").
 *
 * <p>Another replica's commits are not announced here, so a waiter also looks again after {@link
 * #FALLBACK}, then at growing intervals ({@link #backOff}). A look that finds nothing new costs one
 * indexed query, as before.
 */
public final class Commits {

  /**
   * How long a waiter first goes without looking, for commits made by another replica; each look
   * that finds nothing doubles it, up to {@link #LONGEST_FALLBACK}. A projection that commits
   * nothing for a while (stalled, or busy with one large batch) is then asked a handful of times
   * per wait, not ten times a second by every read waiting on it.
   */
  public static final Duration FALLBACK = Duration.ofMillis(100);

  /** The longest a waiter goes without looking. */
  public static final Duration LONGEST_FALLBACK = Duration.ofMillis(800);

  /** Vert.x refuses timers under a millisecond; a wait this short is as good as none. */
  private static final Duration SHORTEST = Duration.ofMillis(2);

  private static final Map<String, Commits> BY_PROJECTION = new ConcurrentHashMap<>();

  /** How many commits there have been: a signal is the count when it was taken. */
  private final AtomicLong count = new AtomicLong();

  /**
   * Who waits for the next commit. A waiter leaves when it stops waiting (its bound ran out, it was
   * cancelled), so reads polling a projection that commits nothing (stalled, idle, or waiting for
   * an event that never comes) cannot pile up here.
   */
  private final Set<Runnable> waiters = ConcurrentHashMap.newKeySet();

  private Commits() {}

  /** The commits of one projection (by its marks' name) in this process. */
  public static Commits of(String projection) {
    return BY_PROJECTION.computeIfAbsent(projection, name -> new Commits());
  }

  /** The projection committed: every waiter looks again. */
  public void committed() {
    // Counted first: a waiter that joins while these are woken sees the new count and goes itself.
    count.incrementAndGet();
    for (Runnable waiter : waiters) {
      if (waiters.remove(waiter)) {
        waiter.run();
      }
    }
  }

  /** The pause after {@code pause} without a commit: twice as long, up to the longest. */
  public static Duration backOff(Duration pause) {
    Duration doubled = pause.multipliedBy(2);
    return doubled.compareTo(LONGEST_FALLBACK) > 0 ? LONGEST_FALLBACK : doubled;
  }

  /** How many wait now: nobody is left behind once their waits have ended. */
  public int waiting() {
    return waiters.size();
  }

  /**
   * The next commit, taken before looking (a commit between the look and the wait is not missed).
   */
  public Signal next() {
    return new Signal(this, count.get());
  }

  /** A commit to wait for. */
  public static final class Signal {
    private final Commits commits;
    private final long taken;

    private Signal(Commits commits, long taken) {
      this.commits = commits;
      this.taken = taken;
    }

    private boolean passed() {
      return commits.count.get() != taken;
    }

    /**
     * Completes at the commit or after {@code atMost} (at least two milliseconds), whichever comes
     * first, on the waiter's own Vert.x context: the commit is announced on the projection's, and a
     * request that went on there would share the projection's Hibernate Reactive session.
     */
    public Uni<Void> orAfter(Duration atMost) {
      if (passed()) {
        return Uni.createFrom().voidItem();
      }
      Context context = Vertx.currentContext();
      return Uni.createFrom()
          .<Void>emitter(
              emitter -> {
                Runnable wake =
                    () -> {
                      if (context == null) {
                        emitter.complete(null);
                      } else {
                        context.runOnContext(on -> emitter.complete(null));
                      }
                    };
                // Whichever way the wait ends (the commit, the bound, a cancellation), it leaves.
                // Joined before the leaving is arranged: the bound runs out on a timer thread and
                // may end the wait at any point here; a termination that came first runs the
                // leaving at once, so the waiter cannot stay behind.
                commits.waiters.add(wake);
                emitter.onTermination(() -> commits.waiters.remove(wake));
                if (passed() && commits.waiters.remove(wake)) {
                  wake.run();
                }
              })
          .ifNoItem()
          .after(atMost.compareTo(SHORTEST) < 0 ? SHORTEST : atMost)
          .recoverWithItem((Void) null);
    }
  }
}
