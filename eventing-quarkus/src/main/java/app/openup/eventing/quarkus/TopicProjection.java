package app.openup.eventing.quarkus;

import app.openup.eventing.projection.IncomingEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.List;

/**
 * A read model of events from Kafka topics (other services' and the service's own), kept by {@link
 * TopicProjections}: a batch of events is applied set-wise, a few statements per table rather than
 * per event, on the Vert.x connection whose transaction also moves eventing's processed-event
 * marks, so a redelivery changes nothing. Rows carry the read model's version: queries read the
 * active one; a rebuild replays the topics into the next beside it and switches when caught up.
 * {@code apply} must converge whatever the order between topics, and throws {@link
 * app.openup.eventing.projection.PoisonEvent} for data it cannot read (the batch then comes again
 * one event at a time, to find it).
 */
public interface TopicProjection {

  /** The read model's stable name. */
  String name();

  /** The topics it is built from (a rebuild replays them all from the beginning). */
  List<String> topics();

  /**
   * Applies the events, in the order given, to the rows of {@code version}, on the connection's
   * transaction; none of them was applied to that version before.
   */
  Uni<Void> apply(SqlConnection connection, List<IncomingEvent> events, int version);

  /** Deletes every row of {@code version}: a rebuild starts it afresh. */
  Uni<Void> clear(SqlConnection connection, int version);
}
