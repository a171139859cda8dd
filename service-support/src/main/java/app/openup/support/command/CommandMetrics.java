package app.openup.support.command;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Counts commands handled and refused (by the rule that refused them) and events appended. Tags are
 * command and rule names only: never an id, never a word.
 */
@ApplicationScoped
public class CommandMetrics {

  private final MeterRegistry registry;

  public CommandMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** A command that appended {@code events} events. */
  public void handled(Object command, int events) {
    String name = command.getClass().getSimpleName();
    Counter.builder("openup.commands.handled")
        .description("Commands that appended events")
        .tag("command", name)
        .register(registry)
        .increment();
    Counter.builder("openup.events.appended")
        .description("Events appended to the event store")
        .tag("command", name)
        .register(registry)
        .increment(events);
  }

  /** A command refused by a rule of the method. */
  public void refused(String rule) {
    Counter.builder("openup.commands.refused")
        .description("Commands refused by a rule of the method, by rule")
        .tag("rule", rule)
        .register(registry)
        .increment();
  }
}
