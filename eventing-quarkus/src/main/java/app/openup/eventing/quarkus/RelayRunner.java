package app.openup.eventing.quarkus;

import app.openup.eventing.relay.EventRelay;
import app.openup.eventing.relay.RelayOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the relay from the service's event store to its topic while the application runs, on
 * Quarkus's Vert.x, with its metrics in the service's registry. On several replicas, one relay
 * publishes at a time (an advisory lock) and the others stand by.
 */
@ApplicationScoped
public class RelayRunner {

  private final EventRelay relay;
  private final MeterRegistry registry;
  private final boolean enabled;

  public RelayRunner(
      EventingConfig config,
      MeterRegistry registry,
      Vertx vertx,
      Config all,
      @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
      @ConfigProperty(name = "quarkus.datasource.username") String user,
      @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
    this.registry = registry;
    this.enabled = config.relay().enabled();
    EventingConfig.Relay relay = config.relay();
    RelayOptions defaults =
        RelayOptions.defaults(
            config.service(), config.topic(), jdbcUrl, user, password.orElse(""), bootstrapServers);
    this.relay =
        new EventRelay(
            defaults
                .withKafka(kafkaClientSettings(all))
                .withBatchSize(relay.batchSize())
                .withStuckAfter(relay.stuckAfter())
                .withTimeouts(defaults.sendTimeout(), relay.databaseTimeout())
                .withMaxRecordBytes(relay.maxRecordBytes()),
            vertx);
  }

  /**
   * The Kafka client settings of this service ({@code kafka.security.protocol}, {@code
   * kafka.sasl.*}, {@code kafka.ssl.*}: what a Strimzi {@code KafkaUser} needs) for the relay's
   * producer too.
   */
  static Map<String, Object> kafkaClientSettings(Config config) {
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

  void start(@Observes @Priority(100) StartupEvent startup) {
    if (enabled) {
      relay.bindTo(registry).start();
    }
  }

  void stop(@Observes ShutdownEvent shutdown) {
    if (enabled) {
      relay.close();
    }
  }

  public EventRelay relay() {
    return relay;
  }
}
