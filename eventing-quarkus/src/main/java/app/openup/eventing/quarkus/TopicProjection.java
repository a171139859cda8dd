package app.openup.eventing.quarkus;

import app.openup.eventing.projection.IncomingEvent;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * A read model of events from Kafka topics (other services' and the service's own), kept by {@link
 * TopicProjections}: each event is applied, with Hibernate Reactive Panache entities, in one
 * transaction with eventing's processed-event marks, so a redelivery changes nothing. Rows carry
 * the read model's version: queries read the active one; a rebuild replays the topics into the next
 * beside it and switches when caught up. {@code apply} must converge whatever the order between
 * topics, and throws {@link app.openup.eventing.projection.PoisonEvent} for data it cannot read.
 */
public interface TopicProjection {

  /** The read model's stable name. */
  String name();

  /** The topics it is built from (a rebuild replays them all from the beginning). */
  List<String> topics();

  /** Applies one event to the rows of {@code version}, in the current Panache transaction. */
  Uni<Void> apply(IncomingEvent event, int version);

  /** Deletes every row of {@code version}: a rebuild starts it afresh. */
  Uni<Void> clear(int version);
}
