package app.openup.eventing.store;

import java.time.Duration;

/**
 * How an {@link EventStore} batches and bounds its work.
 *
 * @param maxBatchSize appends written in one transaction, at most
 * @param maxBatchesInFlight batches written at once (one measured best, see {@code benchmarks/})
 * @param maxQueued appends waiting for a batch, at most; more are refused at once ({@link
 *     StoreOverloaded})
 * @param queueTimeout how long an append may wait for a batch before it is refused, unwritten
 * @param batchTimeout how long a batch may take in the database before its callers hear {@link
 *     AppendTimedOut}
 * @param maxEventBytes the largest event accepted (payload and metadata, UTF-8); keep it well under
 *     Kafka's {@code max.request.size} and the broker's {@code message.max.bytes} (1 MiB by
 *     default), so that every stored event can be relayed
 * @param idempotencyRetention how long an idempotency key answers repeats; a scheduled {@link
 *     EventStore#purgeIdempotencyKeys()} removes older ones
 * @param announceCommits whether the store notifies its relay after commits ({@code NOTIFY
 *     event_store}); a store whose events no relay publishes (a tool, a probe) may leave it off
 */
public record StoreOptions(
    int maxBatchSize,
    int maxBatchesInFlight,
    int maxQueued,
    Duration queueTimeout,
    Duration batchTimeout,
    int maxEventBytes,
    Duration idempotencyRetention,
    boolean announceCommits) {

  public static StoreOptions defaults() {
    return new StoreOptions(
        256,
        1,
        10_000,
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        512 * 1024,
        Duration.ofHours(24),
        true);
  }

  public StoreOptions(
      int maxBatchSize,
      int maxBatchesInFlight,
      int maxQueued,
      Duration queueTimeout,
      Duration batchTimeout,
      int maxEventBytes,
      Duration idempotencyRetention) {
    this(
        maxBatchSize,
        maxBatchesInFlight,
        maxQueued,
        queueTimeout,
        batchTimeout,
        maxEventBytes,
        idempotencyRetention,
        true);
  }

  public StoreOptions withAnnounceCommits(boolean announce) {
    return new StoreOptions(
        maxBatchSize,
        maxBatchesInFlight,
        maxQueued,
        queueTimeout,
        batchTimeout,
        maxEventBytes,
        idempotencyRetention,
        announce);
  }

  public StoreOptions {
    if (maxBatchSize < 1 || maxBatchesInFlight < 1 || maxQueued < 1 || maxEventBytes < 1) {
      throw new IllegalArgumentException("store limits are positive");
    }
  }

  public StoreOptions withBatches(int size, int inFlight) {
    return new StoreOptions(
        size, inFlight, maxQueued, queueTimeout, batchTimeout, maxEventBytes, idempotencyRetention);
  }

  public StoreOptions withQueue(int queued, Duration timeout) {
    return new StoreOptions(
        maxBatchSize,
        maxBatchesInFlight,
        queued,
        timeout,
        batchTimeout,
        maxEventBytes,
        idempotencyRetention);
  }

  public StoreOptions withMaxEventBytes(int bytes) {
    return new StoreOptions(
        maxBatchSize,
        maxBatchesInFlight,
        maxQueued,
        queueTimeout,
        batchTimeout,
        bytes,
        idempotencyRetention);
  }

  public StoreOptions withIdempotencyRetention(Duration retention) {
    return new StoreOptions(
        maxBatchSize,
        maxBatchesInFlight,
        maxQueued,
        queueTimeout,
        batchTimeout,
        maxEventBytes,
        retention);
  }
}
