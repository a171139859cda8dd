package app.openup.needs.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** needs-service's own settings, under {@code openup.}. */
@ConfigMapping(prefix = "openup")
public interface NeedsConfig {

  /** The Kafka topic this service publishes its events to. */
  @WithDefault("needs.events")
  String topic();

  /** How long an invitation code stays valid. */
  @WithDefault("P7D")
  Duration invitationValidFor();

  /** How long a query waits for a consistency token before answering with what it has. */
  @WithDefault("PT2S")
  Duration consistencyWait();

  /**
   * How many aggregates' latest state each repository remembers, so that a command decides and
   * appends without reading the stream first (the append's version check proves the state was
   * current; 0 turns it off). States hold no words.
   */
  @WithDefault("10000")
  int cachedStreams();

  Vault vault();

  /** The master key that wraps every partner's data key (from a Secret, never from git). */
  interface Vault {
    @WithDefault("master-1")
    String masterKeyId();

    /** 32 bytes, base64. */
    String masterKey();
  }
}
