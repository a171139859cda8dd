package app.openup.eventing.quarkus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/**
 * The settings of a service's event store, relay and vault, under {@code openup.eventing}. Shared
 * defaults live in this module's {@code META-INF/microprofile-config.properties}; a service sets
 * its {@code service}, {@code topic}, {@code database} and {@code keys-database}.
 */
@ConfigMapping(prefix = "openup.eventing")
public interface EventingConfig {

  /**
   * The service's short name: in consistency tokens, the CloudEvents source ({@code
   * /openup/<service>}) and the relay's checkpoint and lock.
   */
  String service();

  /** The Kafka topic the relay publishes this service's events to. */
  String topic();

  /** The database of the event store (and read tables); used in the datasource URLs. */
  String database();

  /** The key store's database, apart from the event store's; used in the key store's URLs. */
  String keysDatabase();

  /**
   * How many aggregates' latest state each repository remembers, so that a command decides and
   * appends without reading the stream first (the append's version check proves the state was
   * current; 0 turns it off). States hold no words.
   */
  @WithDefault("10000")
  int cachedStreams();

  /** How long a read that passes a consistency token waits for its read model to catch up. */
  @WithDefault("PT2S")
  Duration consistencyWait();

  Store store();

  Relay relay();

  Vault vault();

  /** The event store's limits. */
  interface Store {
    /** The largest event accepted, payload and metadata; well under what Kafka accepts. */
    @WithDefault("524288")
    int maxEventBytes();

    /** Appends waiting for a batch, at most; more are refused at once (503). */
    @WithDefault("10000")
    int maxQueued();

    /** How long an append may wait for a batch before it is refused, unwritten (503). */
    @WithDefault("PT5S")
    Duration queueTimeout();

    /** How long a batch may take in the database before its callers hear "outcome unknown". */
    @WithDefault("PT30S")
    Duration batchTimeout();

    /** How long an idempotency key answers repeats. */
    @WithDefault("PT24H")
    Duration idempotencyRetention();

    /** How often expired idempotency keys are removed (a Quarkus Scheduler period). */
    @WithDefault("1h")
    String purgeEvery();
  }

  /** The relay from the event store to Kafka. */
  interface Relay {
    /** Off only where a test or a tool needs the store without publishing. */
    @WithDefault("true")
    boolean enabled();

    @WithDefault("500")
    int batchSize();

    /** No completed turn, or events waiting and none published, for this long: stuck. */
    @WithDefault("PT30S")
    Duration stuckAfter();

    /** Statement and socket time limit of the relay's own connection. */
    @WithDefault("PT30S")
    Duration databaseTimeout();

    /** Records larger than this are set aside, not sent (at most the topic's limit). */
    @WithDefault("1000000")
    int maxRecordBytes();
  }

  /** The vault: partners' words encrypted with keys kept in the key store. */
  interface Vault {
    /** The id of the master key that wraps new data keys. */
    @WithDefault("master-1")
    String masterKeyId();

    /** 32 bytes, base64 (from a Secret, never from git). */
    String masterKey();

    /** Retired master keys, by id, still needed to unwrap keys until they are re-wrapped. */
    Map<String, String> olderKeys();

    /** Re-wrap every data key with the current master key at start (after a rotation). */
    @WithDefault("false")
    boolean rewrapAtStart();
  }
}
