package app.openup.needs.messaging;

import app.openup.eventing.relay.EventRelay;
import app.openup.eventing.relay.RelayOptions;
import app.openup.needs.config.EventingSetup;
import app.openup.needs.config.NeedsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Runs the relay from this service's event store to {@code needs.events} while the app runs. */
@ApplicationScoped
public class RelayRunner {

  private final EventRelay relay;
  private final MeterRegistry registry;

  public RelayRunner(
      NeedsConfig config,
      MeterRegistry registry,
      Vertx vertx,
      @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
      @ConfigProperty(name = "quarkus.datasource.username") String user,
      @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
    this.registry = registry;
    this.relay =
        new EventRelay(
            RelayOptions.defaults(
                    EventingSetup.SOURCE,
                    config.topic(),
                    jdbcUrl,
                    user,
                    password.orElse(""),
                    bootstrapServers)
                .withKafka(kafkaClientSettings()),
            vertx);
  }

  /**
   * The Kafka client settings of this service ({@code kafka.security.protocol}, {@code
   * kafka.sasl.*}, {@code kafka.ssl.*}: what a Strimzi {@code KafkaUser} needs) for the relay's
   * producer too.
   */
  private static Map<String, Object> kafkaClientSettings() {
    Config config = ConfigProvider.getConfig();
    Map<String, Object> settings = new HashMap<>();
    for (String name : config.getPropertyNames()) {
      if (name.startsWith("kafka.security.")
          || name.startsWith("kafka.sasl.")
          || name.startsWith("kafka.ssl.")) {
        config
            .getOptionalValue(name, String.class)
            .ifPresent(value -> settings.put(name.substring("kafka.".length()), value));
      }
    }
    return settings;
  }

  void start(@Observes StartupEvent startup) {
    relay.bindTo(registry).start();
  }

  void stop(@Observes ShutdownEvent shutdown) {
    relay.close();
  }

  public EventRelay relay() {
    return relay;
  }
}
