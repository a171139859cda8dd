package app.openup.eventing.store;

import app.openup.eventing.domain.Decider;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The command path of an event-sourced aggregate: load its stream, fold the events into state, let
 * the pure {@link Decider} decide, and append the new events at the version that was loaded. A
 * writer that raced ahead makes the append fail with {@link ConcurrencyConflict}; so does a client
 * whose {@code If-Match} names a version other than the current one.
 */
public final class EventSourcedRepository<C, S, E> {

  /** An aggregate's state and the version of its stream (0 if it has no events). */
  public record Loaded<S>(S state, long version) {}

  /** What a command did: the new events, the state after them, and the append. */
  public record Handled<S, E>(List<E> events, S state, AppendResult result) {}

  private final EventStore store;
  private final EventCatalog<E> catalog;
  private final Decider<C, S, E> decider;

  public EventSourcedRepository(
      EventStore store, EventCatalog<E> catalog, Decider<C, S, E> decider) {
    this.store = store;
    this.catalog = catalog;
    this.decider = decider;
  }

  public Uni<Loaded<S>> load(String streamId) {
    return store
        .load(streamId)
        .map(
            recorded -> {
              List<E> events = new ArrayList<>(recorded.size());
              recorded.forEach(r -> events.add(catalog.decode(r)));
              long version =
                  recorded.isEmpty() ? 0 : recorded.get(recorded.size() - 1).streamVersion();
              return new Loaded<>(decider.fold(events), version);
            });
  }

  /**
   * Handles the command against the stream.
   *
   * @param ifMatch the version the client saw, or null to use the version just loaded
   * @param idempotencyKey a repeat of a key returns the first result and appends nothing; the key
   *     must be scoped by the caller (partner and operation), as the store's keys are global
   */
  public Uni<Handled<S, E>> handle(
      String streamId,
      Long ifMatch,
      C command,
      UUID coupleId,
      String actor,
      EventMetadata metadata,
      String idempotencyKey) {
    return load(streamId)
        .flatMap(
            loaded -> {
              // Decide first: a caller the rules refuse (not a member, say) must learn nothing,
              // not even the stream's version from a conflict.
              List<E> events = decider.decide(command, loaded.state());
              if (ifMatch != null && ifMatch != loaded.version()) {
                return Uni.createFrom()
                    .failure(
                        new ConcurrencyConflict(
                            streamId, ExpectedVersion.exactly(ifMatch), loaded.version()));
              }
              if (events.isEmpty()) {
                return Uni.createFrom().item(new Handled<>(events, loaded.state(), null));
              }
              AppendRequest request =
                  new AppendRequest(
                      streamId,
                      ExpectedVersion.exactly(loaded.version()),
                      coupleId,
                      actor,
                      events.stream().map(catalog::encode).toList(),
                      metadata,
                      idempotencyKey);
              return store
                  .append(request)
                  .flatMap(
                      result -> {
                        if (result.repeated()) {
                          return load(result.streamId())
                              .map(again -> new Handled<S, E>(List.of(), again.state(), result));
                        }
                        S state = loaded.state();
                        for (E event : events) {
                          state = decider.evolve(state, event);
                        }
                        return Uni.createFrom().item(new Handled<>(events, state, result));
                      });
            });
  }
}
