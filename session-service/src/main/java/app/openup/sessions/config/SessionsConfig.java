package app.openup.sessions.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** session-service's own settings, under {@code openup.sessions}. */
@ConfigMapping(prefix = "openup.sessions")
public interface SessionsConfig {

  /**
   * How long a started session may stay open with nothing happening in it (and an agreed one stay
   * unstarted after its end) before it is closed as abandoned.
   */
  @WithDefault("PT6H")
  Duration abandonAfter();

  /** How often the abandoned-session sweep runs (a Quarkus Scheduler period). */
  @WithDefault("5m")
  String abandonCheckEvery();
}
