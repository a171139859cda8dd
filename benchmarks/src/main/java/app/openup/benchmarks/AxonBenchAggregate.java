package app.openup.benchmarks;

import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.SourceId;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;

/**
 * The benchmark's aggregate in Axon's own model, for its repositories: its state is the sum of the
 * levels, and a command appends the event decided from that sum, as in {@link
 * OpenUpStore#repositoryPath}.
 */
public class AxonBenchAggregate {

  @AggregateIdentifier private String id;
  private int levels;

  /** For Axon's aggregate factory, when it rebuilds the aggregate from its events. */
  public AxonBenchAggregate() {}

  /** A new aggregate, before its first event ({@code loadOrCreate} found no events). */
  AxonBenchAggregate(String id) {
    this.id = id;
  }

  void decide(BenchEvent template) {
    AggregateLifecycle.apply(template.decidedFrom(levels));
  }

  @EventSourcingHandler
  void on(BenchEvent event, @SourceId String aggregateId) {
    if (aggregateId != null) {
      id = aggregateId;
    }
    levels += event.level();
  }
}
