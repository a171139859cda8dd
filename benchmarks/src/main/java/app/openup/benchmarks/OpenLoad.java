package app.openup.benchmarks;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * An open-model load generator: requests start at fixed intended times (the rate), whether or not
 * earlier ones have answered, so a slow answer cannot slow the load down (no coordinated omission).
 * Each request's latency is measured from its intended start, not from when it was sent, into
 * HdrHistograms per request type; a request the generator could not even send on time therefore
 * counts the wait.
 *
 * <p>What to send next comes from a workload ({@link Supplier} of {@link Call}), which may depend
 * on earlier answers (a couple's next step); Vert.x's HTTP client sends it on its event loops.
 */
final class OpenLoad implements AutoCloseable {

  /** Latencies up to a minute, three significant digits, in microseconds. */
  private static final long MAX_MICROS = Duration.ofMinutes(1).toNanos() / 1000;

  /** How long each slice of a phase is, to see whether latency grows during it. */
  static final Duration SLICE = Duration.ofSeconds(10);

  /**
   * One HTTP request of the workload.
   *
   * @param type what it is, for example {@code share} (latencies are kept per type)
   * @param command whether it changes anything (a command) or only reads
   * @param then what the workload does with the answer (on a Vert.x event loop); null on failure
   */
  record Call(
      String type,
      boolean command,
      int port,
      HttpMethod method,
      String path,
      String bearer,
      String consistencyToken,
      String json,
      Consumer<Reply> then) {}

  /** An answer: its status, headers and body, and when it arrived ({@link System#nanoTime()}). */
  record Reply(int status, MultiMap headers, String body, long arrivedAt) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The service's read model had not yet applied the token's event when its wait ran out. */
    boolean notCaughtUp() {
      return status == 503 && body != null && body.contains("/not-caught-up\"");
    }
  }

  /** What one phase measured. */
  static final class Phase {
    final double rate;
    final Duration measured;
    final Map<String, Histogram> latencies = new ConcurrentSkipListMap<>();
    final Map<String, AtomicLong> errors = new ConcurrentSkipListMap<>();
    final Map<String, String> firstError = new ConcurrentHashMap<>();
    final Histogram commands = new ConcurrentHistogram(MAX_MICROS, 3);
    final Histogram reads = new ConcurrentHistogram(MAX_MICROS, 3);
    final Histogram[] commandSlices;
    final AtomicLong commandCount = new AtomicLong();
    final AtomicLong readCount = new AtomicLong();
    volatile long lateStarts;
    volatile long recordFrom;
    volatile boolean sustained;

    Phase(double rate, Duration measured) {
      this.rate = rate;
      this.measured = measured;
      int slices = (int) Math.max(1, measured.toNanos() / SLICE.toNanos());
      commandSlices = new Histogram[slices];
      for (int i = 0; i < slices; i++) {
        commandSlices[i] = new ConcurrentHistogram(MAX_MICROS, 3);
      }
    }

    long errorCount() {
      return errors.values().stream().mapToLong(AtomicLong::get).sum();
    }

    double commandsPerSecond() {
      return commandCount.get() / (measured.toNanos() / 1e9);
    }

    double readsPerSecond() {
      return readCount.get() / (measured.toNanos() / 1e9);
    }

    void error(String type, String what) {
      errors.computeIfAbsent(type, k -> new AtomicLong()).incrementAndGet();
      firstError.putIfAbsent(type, what);
    }
  }

  private final Vertx vertx;
  private final HttpClient http;
  private final AtomicInteger inFlight = new AtomicInteger();

  OpenLoad(int connectionsPerServer) {
    vertx = Vertx.vertx();
    http =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setDefaultHost("127.0.0.1")
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setConnectTimeout(5_000)
                .setIdleTimeout(60),
            new PoolOptions().setHttp1MaxSize(connectionsPerServer).setMaxWaitQueueSize(-1));
  }

  /**
   * Starts {@code workload}'s calls at {@code callsPerSecond} for {@code warmUp} (not recorded),
   * then for {@code measure} (recorded), then waits (at most a minute) for every call to answer.
   *
   * @param label the phase's name in the progress printed
   * @param commandsPerSecond the rate the phase is named by (for the report)
   */
  Phase run(
      String label,
      double commandsPerSecond,
      double callsPerSecond,
      Duration warmUp,
      Duration measure,
      Supplier<Call> workload) {
    Phase phase = new Phase(commandsPerSecond, measure);
    long interval = (long) (1e9 / callsPerSecond);
    long start = System.nanoTime() + 10_000_000L;
    long recordFrom = start + warmUp.toNanos();
    long end = recordFrom + measure.toNanos();
    phase.recordFrom = recordFrom;
    long late = 0;
    for (long i = 0; ; i++) {
      long intended = start + i * interval;
      if (intended >= end) {
        break;
      }
      long now = System.nanoTime();
      if (intended > now) {
        LockSupport.parkNanos(intended - now);
      } else if (now - intended > 1_000_000L && intended >= recordFrom) {
        late++;
      }
      Call call = workload.get();
      send(call, intended, intended >= recordFrom ? phase : null);
    }
    phase.lateStarts = late;
    try {
      Awaitility.await(label + ": every request answered")
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> inFlight.get() == 0);
    } catch (ConditionTimeoutException stillWaiting) {
      // Requests time out after 30 s, probes give up after 30 s: only an overloaded platform
      // gets here; the phase is reported (as not sustained) and the next one starts regardless.
      phase.error("unanswered after the phase", inFlight.get() + " requests");
    }
    return phase;
  }

  /** Sends a call now, outside any schedule (a probe); its answer goes to its {@code then}. */
  void send(Call call) {
    send(call, System.nanoTime(), null);
  }

  /** Runs {@code then} after a pause, on an event loop (a probe asking again after a failure). */
  void later(Duration pause, Runnable then) {
    inFlight.incrementAndGet();
    vertx.setTimer(
        Math.max(1, pause.toMillis()),
        timer -> {
          try {
            then.run();
          } finally {
            inFlight.decrementAndGet();
          }
        });
  }

  private void send(Call call, long intended, Phase phase) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(call.method())
            .setPort(call.port())
            .setURI(call.path())
            .setTimeout(30_000);
    if (call.bearer() != null) {
      options.putHeader("Authorization", "Bearer " + call.bearer());
    }
    if (call.consistencyToken() != null) {
      options.putHeader("Consistency-Token", call.consistencyToken());
    }
    if (call.json() != null) {
      options.putHeader("Content-Type", "application/json");
    }
    inFlight.incrementAndGet();
    http.request(options)
        .compose(
            request ->
                (call.json() == null ? request.send() : request.send(Buffer.buffer(call.json())))
                    .compose(
                        response ->
                            response
                                .body()
                                .map(
                                    body ->
                                        new Reply(
                                            response.statusCode(),
                                            response.headers(),
                                            body.toString(),
                                            System.nanoTime()))))
        .onComplete(
            outcome -> {
              try {
                Reply reply = outcome.succeeded() ? outcome.result() : null;
                if (phase != null) {
                  record(phase, call, intended, reply, outcome.cause());
                }
                call.then().accept(reply != null && reply.ok() ? reply : null);
                if (reply != null && !reply.ok() && !toldNotYet(call, reply) && phase == null) {
                  // Outside a measured phase a failure is still worth seeing.
                  System.err.printf(
                      "%s %s answered %d: %s%n",
                      call.type(), call.path(), reply.status(), abbreviate(reply.body()));
                }
              } finally {
                inFlight.decrementAndGet();
              }
            });
  }

  private static void record(Phase phase, Call call, long intended, Reply reply, Throwable cause) {
    long micros =
        Math.max(1, ((reply == null ? System.nanoTime() : reply.arrivedAt()) - intended) / 1000);
    if (toldNotYet(call, reply)) {
      return;
    }
    if (reply == null || !reply.ok()) {
      phase.error(
          call.type(),
          reply == null
              ? String.valueOf(cause)
              : reply.status()
                  + " "
                  + call.method()
                  + " "
                  + call.path()
                  + " "
                  + abbreviate(reply.body()));
      return;
    }
    phase
        .latencies
        .computeIfAbsent(call.type(), k -> new ConcurrentHistogram(MAX_MICROS, 3))
        .recordValue(Math.min(micros, MAX_MICROS));
    if (call.command()) {
      phase.commandCount.incrementAndGet();
      phase.commands.recordValue(Math.min(micros, MAX_MICROS));
      int slice =
          (int)
              Math.min(
                  phase.commandSlices.length - 1, (intended - phase.recordFrom) / SLICE.toNanos());
      phase.commandSlices[slice].recordValue(Math.min(micros, MAX_MICROS));
    } else {
      phase.readCount.incrementAndGet();
      phase.reads.recordValue(Math.min(micros, MAX_MICROS));
    }
  }

  /** A probe asking whether an effect is there yet, told "not yet": what it is for, no error. */
  private static boolean toldNotYet(Call call, Reply reply) {
    return reply != null && reply.notCaughtUp() && call.type().startsWith(EndToEnd.PROBE);
  }

  static String abbreviate(String body) {
    if (body == null) {
      return "";
    }
    String flat = body.replaceAll("\\s+", " ");
    return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
  }

  int inFlight() {
    return inFlight.get();
  }

  @Override
  public void close() {
    http.close().toCompletionStage().toCompletableFuture().join();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }
}
