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
 * @param stuckAfter no progress for this long with events waiting means stuck (readiness)
 * @param unsafeLastPositionSeen tests only: read by "last position seen", the bug this relay exists
 *     to avoid, to show that the test catches it
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
    boolean unsafeLastPositionSeen) {

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
        false);
  }

  /** Tests only: the naive relay this one exists to avoid. */
  public RelayOptions withUnsafeLastPositionSeen() {
    return with(b -> b.unsafeLastPositionSeen = true);
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

  private RelayOptions with(java.util.function.Consumer<Copy> change) {
    Copy copy = new Copy(this);
    change.accept(copy);
    return copy.build();
  }

  /** A mutable copy, so that each {@code with...} names only what it changes. */
  private static final class Copy {
    private final RelayOptions from;
    Map<String, Object> kafka;
    int batchSize;
    Duration standbyPoll;
    Duration stuckAfter;
    boolean unsafeLastPositionSeen;

    Copy(RelayOptions from) {
      this.from = from;
      kafka = from.kafka;
      batchSize = from.batchSize;
      standbyPoll = from.standbyPoll;
      stuckAfter = from.stuckAfter;
      unsafeLastPositionSeen = from.unsafeLastPositionSeen;
    }

    RelayOptions build() {
      return new RelayOptions(
          from.name,
          from.source,
          from.topic,
          from.jdbcUrl,
          from.user,
          from.password,
          from.bootstrapServers,
          kafka,
          batchSize,
          from.idlePoll,
          standbyPoll,
          from.retryBackoff,
          from.sendTimeout,
          stuckAfter,
          unsafeLastPositionSeen);
    }
  }
}
