package app.openup.benchmarks;

import app.openup.benchmarks.OpenLoad.Call;
import app.openup.benchmarks.OpenLoad.Reply;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * From a command's answer to its effect in feedback-service's history and dashboard: right after
 * the answer, a read of feedback-service with the command's consistency token (the service holds
 * such a read until its projection has applied the event, at most 2 s, and answers 503 {@code
 * not-caught-up} if it has not by then); asked again until the effect is there. The history is
 * checked exactly (it lists the event's id, which the token names); a dashboard that answered 200
 * saw the event.
 */
final class EndToEnd {

  /** The type of every probe's call: a probe's "not caught up yet" is not an error. */
  static final String PROBE = "e2e-";

  private static final long MAX_MICROS = Duration.ofMinutes(1).toNanos() / 1000;
  private static final Duration RETRY_PAUSE = Duration.ofMillis(100);
  private static final long GIVE_UP_NANOS = Duration.ofSeconds(30).toNanos();

  /** What one phase measured. */
  static final class Phase {
    final Histogram history = new ConcurrentHistogram(MAX_MICROS, 3);
    final Histogram dashboard = new ConcurrentHistogram(MAX_MICROS, 3);
    final AtomicLong notSeen = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
  }

  private final OpenLoad load;
  private volatile Phase recording;

  EndToEnd(OpenLoad load) {
    this.load = load;
  }

  /** Records the probes of commands answered from now on into a new phase. */
  Phase record() {
    Phase phase = new Phase();
    recording = phase;
    return phase;
  }

  /** Stops recording (probes under way finish into their phase). */
  void pause() {
    recording = null;
  }

  /** Probes the history for a share's event. */
  void history(int port, String base, String bearer, String token, long answeredAt) {
    if (token == null) {
      return;
    }
    String eventId = CoupleJourneys.eventIdOf(token);
    probe(
        PROBE + "history",
        port,
        base + "/history?limit=5",
        bearer,
        token,
        answeredAt,
        recording,
        reply -> reply.body().contains(eventId),
        true);
  }

  /** Probes the dashboard for a need's being shared. */
  void dashboard(int port, String base, String bearer, String token) {
    if (token == null) {
      return;
    }
    probe(
        PROBE + "dashboard",
        port,
        base + "/dashboard",
        bearer,
        token,
        System.nanoTime(),
        recording,
        reply -> true,
        false);
  }

  private interface Seen {
    boolean in(Reply reply);
  }

  private void probe(
      String type,
      int port,
      String path,
      String bearer,
      String token,
      long answeredAt,
      Phase phase,
      Seen seen,
      boolean history) {
    load.send(
        new Call(
            type,
            false,
            port,
            HttpMethod.GET,
            path,
            bearer,
            token,
            null,
            reply -> {
              if (reply != null && seen.in(reply)) {
                if (phase != null) {
                  long micros = Math.max(1, (reply.arrivedAt() - answeredAt) / 1000);
                  (history ? phase.history : phase.dashboard)
                      .recordValue(Math.min(micros, MAX_MICROS));
                }
              } else if (System.nanoTime() - answeredAt < GIVE_UP_NANOS) {
                if (phase != null) {
                  phase.retries.incrementAndGet();
                }
                if (reply == null) {
                  // An error answer (not a wait that ran out): ask again shortly, not at once.
                  load.later(
                      RETRY_PAUSE,
                      () ->
                          probe(type, port, path, bearer, token, answeredAt, phase, seen, history));
                } else {
                  probe(type, port, path, bearer, token, answeredAt, phase, seen, history);
                }
              } else if (phase != null) {
                phase.notSeen.incrementAndGet();
              }
            }));
  }
}
