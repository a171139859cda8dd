package app.openup.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Runs writers in a closed loop: each does one operation, waits for its outcome, and does the next,
 * on a thread of its own. Operations that complete during the warm-up are not counted.
 */
final class ClosedLoop {

  /** One blocking operation, for example one append that returns once it is committed. */
  @FunctionalInterface
  interface Operation {
    void run() throws Exception;
  }

  private ClosedLoop() {}

  /**
   * @param writers how many writers run at once
   * @param writer the operation of writer {@code i}, created on the writer's own thread
   */
  static Measurement run(
      int writers, IntFunction<Operation> writer, Duration warmup, Duration measure)
      throws InterruptedException, ExecutionException {
    ExecutorService threads = Executors.newFixedThreadPool(writers);
    try {
      long measureFrom = System.nanoTime() + warmup.toNanos();
      long measureUntil = measureFrom + measure.toNanos();
      List<Future<Latencies>> results = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        int index = i;
        results.add(threads.submit(() -> loop(writer.apply(index), measureFrom, measureUntil)));
      }
      Latencies all = new Latencies();
      for (Future<Latencies> result : results) {
        all.addAll(result.get());
      }
      return Measurement.of(all, measure);
    } finally {
      threads.shutdownNow();
    }
  }

  private static Latencies loop(Operation operation, long measureFrom, long measureUntil)
      throws Exception {
    Latencies latencies = new Latencies();
    while (true) {
      long began = System.nanoTime();
      if (began >= measureUntil) {
        return latencies;
      }
      operation.run();
      long done = System.nanoTime();
      if (done >= measureFrom && done < measureUntil) {
        latencies.add(done - began);
      }
    }
  }
}
