package app.openup.eventing.store;

import app.openup.eventing.domain.Decider;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;

/**
 * The command path of an event-sourced aggregate: load its stream, fold the events into state, let
 * the pure {@link Decider} decide, and append the new events at the version that was loaded. A
 * writer that raced ahead makes the append fail with {@link ConcurrencyConflict}; so does a client
 * whose {@code If-Match} names a version other than the current one.
 *
 * <p><b>The state cache.</b> Built with a number of streams to remember, the repository keeps the
 * latest state it saw of that many streams, with the version it belongs to. A command then decides
 * on the remembered state and appends at its version, without reading the stream. The cache is
 * never believed on its own: the append succeeds only if the stream is still at that version, which
 * proves the state was current. Anything else (a conflict, because another instance appended; a
 * rule refusal, or no events, which a stale state might have caused; an {@code If-Match} that
 * differs) forgets the stream and handles the command again from a fresh load, so what the caller
 * gets is always what the fresh path would have given.
 */
public final class EventSourcedRepository<C, S, E> {

  /** An aggregate's state and the version of its stream (0 if it has no events). */
  public record Loaded<S>(S state, long version) {}

  /** What a command did: the new events, the state after them, and the append. */
  public record Handled<S, E>(List<E> events, S state, AppendResult result) {}

  private final EventStore store;
  private final EventCatalog<E> catalog;
  private final Decider<C, S, E> decider;
  private final Cache<String, Loaded<S>> cache;

  /** A repository that reads every stream before deciding. */
  public EventSourcedRepository(
      EventStore store, EventCatalog<E> catalog, Decider<C, S, E> decider) {
    this(store, catalog, decider, 0);
  }

  /**
   * @param cachedStreams how many streams' latest state to keep (least recently used go first); 0
   *     keeps none
   */
  public EventSourcedRepository(
      EventStore store, EventCatalog<E> catalog, Decider<C, S, E> decider, int cachedStreams) {
    this.store = store;
    this.catalog = catalog;
    this.decider = decider;
    this.cache =
        cachedStreams > 0 ? Caffeine.newBuilder().maximumSize(cachedStreams).build() : null;
  }

  /** The stream's current state, read from the store (never from the cache). */
  public Uni<Loaded<S>> load(String streamId) {
    return store
        .load(streamId)
        .map(
            recorded -> {
              List<E> events = new ArrayList<>(recorded.size());
              recorded.forEach(r -> events.add(catalog.decode(r)));
              long version =
                  recorded.isEmpty() ? 0 : recorded.get(recorded.size() - 1).streamVersion();
              Loaded<S> loaded = new Loaded<>(decider.fold(events), version);
              remember(streamId, loaded);
              return loaded;
            });
  }

  /**
   * Handles the command against its stream. With an idempotency key, a repeat gets its first
   * outcome whatever the stream holds now (a retry after a lost reply must not be refused because
   * of what its first attempt did), and the key with another request fails with {@link
   * IdempotencyKeyReused}.
   */
  public Uni<Handled<S, E>> handle(StreamCommand<C> request) {
    if (request.idempotency() == null) {
      return decideAndAppend(request);
    }
    return store
        .outcomeOf(request.idempotency())
        .flatMap(stored -> stored.isPresent() ? repeated(stored.get()) : decideAndAppend(request));
  }

  private Uni<Handled<S, E>> decideAndAppend(StreamCommand<C> request) {
    String streamId = request.streamId();
    Long ifMatch = request.ifMatch();
    Loaded<S> cached = cache == null ? null : cache.getIfPresent(streamId);
    if (cached == null || (ifMatch != null && ifMatch != cached.version())) {
      return handleFresh(request);
    }
    List<E> events;
    try {
      events = decider.decide(request.command(), cached.state());
    } catch (RuntimeException refusedOnWhatMayBeStale) {
      return forgetAndHandleFresh(request);
    }
    if (events.isEmpty()) {
      return forgetAndHandleFresh(request);
    }
    return append(request, cached, events)
        .onFailure(
            failure ->
                failure instanceof ConcurrencyConflict conflict
                    && conflict.streamId().equals(streamId))
        .recoverWithUni(() -> forgetAndHandleFresh(request));
  }

  private Uni<Handled<S, E>> forgetAndHandleFresh(StreamCommand<C> request) {
    cache.invalidate(request.streamId());
    return handleFresh(request);
  }

  private Uni<Handled<S, E>> handleFresh(StreamCommand<C> request) {
    return load(request.streamId())
        .flatMap(
            loaded -> {
              // Decide first: a caller the rules refuse (not a member, say) must learn nothing,
              // not even the stream's version from a conflict.
              List<E> events = decider.decide(request.command(), loaded.state());
              Long ifMatch = request.ifMatch();
              if (ifMatch != null && ifMatch != loaded.version()) {
                return Uni.createFrom()
                    .failure(
                        new ConcurrencyConflict(
                            request.streamId(),
                            ExpectedVersion.exactly(ifMatch),
                            loaded.version()));
              }
              if (events.isEmpty()) {
                return Uni.createFrom().item(new Handled<>(events, loaded.state(), null));
              }
              return append(request, loaded, events);
            });
  }

  /** Appends the events at the version of {@code basis}, and remembers the state after them. */
  private Uni<Handled<S, E>> append(StreamCommand<C> request, Loaded<S> basis, List<E> events) {
    AppendRequest append =
        request.append(basis.version(), events.stream().map(catalog::encode).toList());
    return store
        .append(append)
        .flatMap(
            result -> {
              if (result.repeated()) {
                return repeated(result);
              }
              S state = basis.state();
              for (E event : events) {
                state = decider.evolve(state, event);
              }
              remember(request.streamId(), new Loaded<>(state, result.toVersion()));
              return Uni.createFrom().item(new Handled<>(events, state, result));
            });
  }

  /** The first outcome of a repeated command, with the stream's state now. */
  private Uni<Handled<S, E>> repeated(AppendResult first) {
    return load(first.streamId()).map(now -> new Handled<S, E>(List.of(), now.state(), first));
  }

  private void remember(String streamId, Loaded<S> loaded) {
    if (cache != null) {
      cache
          .asMap()
          .merge(streamId, loaded, (old, now) -> now.version() >= old.version() ? now : old);
    }
  }
}
