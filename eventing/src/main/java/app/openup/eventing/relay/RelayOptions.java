package app.openup.eventing.relay;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a relay connects and paces itself.
 *
 * @param name the relay's name: its checkpoint row and its advisory lock (one per service)
 * @param source the CloudEvents {@code source} of the events, see {@link EventRelay#sourceOf}
 * @param topic the Kafka topic, for example {@code needs.events}
 * @param jdbcUrl the service's database; the relay holds two connections of its own, one that
 *     reads, keeps the checkpoint and holds the lock, and one that listens for commits (host, port,
 *     database, user, password and {@code sslmode} are taken from this URL for it)
 * @param user database user
 * @param password database password, may be empty
 * @param bootstrapServers Kafka
 * @param kafka further producer settings (security, for example); acks and idempotence are fixed
 * @param batchSize events read and sent per round
 * @param idlePoll how long to wait for a notification before looking again
 * @param standbyPoll how often a standby relay tries to become the active one
 * @param retryBackoff the pause after a failure before reconnecting
 * @param sendTimeout how long to wait for Kafka to acknowledge a batch
 * @param stuckAfter no successful turn for this long, or events waiting and none published for this
 *     long, means stuck (a metric and a health check, never readiness)
 * @param databaseTimeout the longest a statement of the relay may run, and the longest its
 *     connection may stay silent (socket timeout): a half-open connection ends the turn instead of
 *     holding the relay for ever
 * @param maxRecordBytes a record larger than this is set aside instead of sent (keep it at or below
 *     the producer's {@code max.request.size} and the topic's {@code max.message.bytes})
 */
public record RelayOptions(
    String name,
    URI source,
    String topic,
    String jdbcUrl,
    String user,
    String password,
    String bootstrapServers,
    Map<String, Object> kafka,
    int batchSize,
    Duration idlePoll,
    Duration standbyPoll,
    Duration retryBackoff,
    Duration sendTimeout,
    Duration stuckAfter,
    Duration databaseTimeout,
    int maxRecordBytes) {

  public RelayOptions {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    kafka = kafka == null ? Map.of() : Map.copyOf(kafka);
  }

  /** Sensible defaults for a service: batches of 500, a look every 250 ms when idle. */
  public static RelayOptions defaults(
      String service,
      String topic,
      String jdbcUrl,
      String user,
      String password,
      String bootstrapServers) {
    return new RelayOptions(
        service,
        EventRelay.sourceOf(service),
        topic,
        jdbcUrl,
        user,
        password,
        bootstrapServers,
        Map.of(),
        500,
        Duration.ofMillis(250),
        Duration.ofSeconds(2),
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        Duration.ofSeconds(30),
        Duration.ofSeconds(30),
        1_000_000);
  }

  public RelayOptions withBatchSize(int size) {
    return with(b -> b.batchSize = size);
  }

  public RelayOptions withStandbyPoll(Duration poll) {
    return with(b -> b.standbyPoll = poll);
  }

  public RelayOptions withKafka(Map<String, Object> settings) {
    return with(b -> b.kafka = settings);
  }

  public RelayOptions withStuckAfter(Duration after) {
    return with(b -> b.stuckAfter = after);
  }

  public RelayOptions withBootstrapServers(String servers) {
    return with(b -> b.bootstrapServers = servers);
  }

  public RelayOptions withTimeouts(Duration send, Duration database) {
    return with(
        b -> {
          b.sendTimeout = send;
          b.databaseTimeout = database;
        });
  }

  public RelayOptions withRetryBackoff(Duration backoff) {
    return with(b -> b.retryBackoff = backoff);
  }

  public RelayOptions withMaxRecordBytes(int bytes) {
    return with(b -> b.maxRecordBytes = bytes);
  }

  private RelayOptions with(java.util.function.Consumer<Copy> change) {
    Copy copy = new Copy(this);
    change.accept(copy);
    return copy.build();
  }

  /** A mutable copy, so that each {@code with...} names only what it changes. */
  private static final class Copy {
    private final RelayOptions from;
    String bootstrapServers;
    Map<String, Object> kafka;
    int batchSize;
    Duration standbyPoll;
    Duration retryBackoff;
    Duration sendTimeout;
    Duration stuckAfter;
    Duration databaseTimeout;
    int maxRecordBytes;

    Copy(RelayOptions from) {
      this.from = from;
      bootstrapServers = from.bootstrapServers;
      kafka = from.kafka;
      batchSize = from.batchSize;
      standbyPoll = from.standbyPoll;
      retryBackoff = from.retryBackoff;
      sendTimeout = from.sendTimeout;
      stuckAfter = from.stuckAfter;
      databaseTimeout = from.databaseTimeout;
      maxRecordBytes = from.maxRecordBytes;
    }

    RelayOptions build() {
      return new RelayOptions(
          from.name,
          from.source,
          from.topic,
          from.jdbcUrl,
          from.user,
          from.password,
          bootstrapServers,
          kafka,
          batchSize,
          from.idlePoll,
          standbyPoll,
          retryBackoff,
          sendTimeout,
          stuckAfter,
          databaseTimeout,
          maxRecordBytes);
    }
  }
}
