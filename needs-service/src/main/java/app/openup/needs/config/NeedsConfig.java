package app.openup.needs.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** needs-service's own settings, under {@code openup.needs}. */
@ConfigMapping(prefix = "openup.needs")
public interface NeedsConfig {

  /** How long an invitation code stays valid. */
  @WithDefault("P7D")
  Duration invitationValidFor();

  /** How often unusable invitation codes are removed (a Quarkus Scheduler period). */
  @WithDefault("1h")
  String invitationCleanupEvery();
}
