package app.openup.eventing.quarkus;

import app.openup.eventing.store.RecordedEvent;
import io.smallrye.mutiny.Uni;

/**
 * A read model of the service's own events (private ones included), kept by {@link
 * StoreProjections}: each batch of events is applied, with Hibernate Reactive Panache entities, in
 * one transaction with the read model's position, so each event is applied exactly once. A read
 * model has versions (a column of its rows): queries read the active one; a rebuild fills the next
 * beside it and the switch happens once it has caught up.
 */
public interface StoreProjection {

  /** The read model's stable name. */
  String name();

  /** Applies one event to the rows of {@code version}, in the current Panache transaction. */
  Uni<Void> apply(RecordedEvent event, int version);

  /** Deletes every row of {@code version}: a rebuild starts it afresh, a retired one goes. */
  Uni<Void> clear(int version);
}
