package app.openup.benchmarks;

import java.time.Duration;

/**
 * What one measurement found.
 *
 * @param perSecond operations completed per second
 * @param p50Millis median latency of one operation
 * @param p99Millis 99th percentile latency of one operation
 * @param count operations measured
 */
record Measurement(double perSecond, double p50Millis, double p99Millis, long count) {

  static Measurement of(Latencies latencies, Duration measured) {
    return of(latencies, latencies.size() / (measured.toNanos() / 1e9));
  }

  static Measurement of(Latencies latencies, double perSecond) {
    return new Measurement(
        perSecond,
        latencies.percentile(0.50) / 1e6,
        latencies.percentile(0.99) / 1e6,
        latencies.size());
  }

  @Override
  public String toString() {
    return String.format(
        "%,.0f/s, p50 %.2f ms, p99 %.2f ms (%,d measured)", perSecond, p50Millis, p99Millis, count);
  }
}
