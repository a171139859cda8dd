package app.openup.eventing.projection;

import app.openup.eventing.InTurn;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * A read model that can be rebuilt without downtime. Queries read the active version's tables;
 * while a rebuild runs, the live consumer writes every new event into both the active and the
 * rebuilding version, and the rebuild replays the topics from the beginning into the new one. Each
 * version keeps its own processed-event marks, so an event that reaches a version twice (from the
 * replay and from the live consumer) is applied once. When the replay has reached the offsets the
 * topics had when it began, everything older came from the replay and everything newer from the
 * live consumer, and the new version becomes the active one.
 */
public final class VersionedProjection {

  /** Writes one event into the read tables of one version of the projection. */
  @FunctionalInterface
  public interface Apply {
    Uni<Void> apply(SqlConnection connection, IncomingEvent event, int version);
  }

  /**
   * The versions of the projection right now: the active one, and the one being rebuilt once its
   * tables are ready (live events are written to both).
   */
  public record Versions(int active, Integer rebuilding) {
    List<Integer> writable() {
      List<Integer> versions = new ArrayList<>();
      versions.add(active);
      if (rebuilding != null) {
        versions.add(rebuilding);
      }
      return versions;
    }
  }

  private static final String ENSURE =
      "insert into projection_version (projection, active_version) values ($1, 1)"
          + " on conflict (projection) do nothing";
  // A version being rebuilt takes live events only once it is prepared (emptied; a store read
  // model's position at the start): rows written into it before would be applied again by the
  // rebuild.
  private static final String CURRENT =
      "select active_version, case when rebuild_prepared then rebuilding_version end"
          + " from projection_version where projection = $1";

  /**
   * Applies events (one, or a batch), each once, to one version in one transaction (marks
   * included), in the order given: one commit for the lot, where one per event would wait for the
   * disk each time. A {@link PoisonEvent} fails the whole batch, nothing of it applied; the caller
   * then applies the events one at a time to find it. eventing-quarkus's topic projections apply
   * each batch set-wise with {@link ProcessedEvents#applyAll}.
   */
  @FunctionalInterface
  public interface BatchApplier {
    Uni<Void> applyAllTo(List<IncomingEvent> events, int version);
  }

  private final Pool pool;
  private final String name;
  private final BatchApplier batchApplier;

  public VersionedProjection(Pool pool, String name, Apply apply) {
    this.pool = pool;
    this.name = name;
    this.batchApplier =
        (events, version) ->
            pool.withTransaction(
                connection -> {
                  Marks marks = Marks.on(connection, marksOf(version));
                  return InTurn.each(
                      events,
                      event ->
                          ProcessedEvents.applyOnce(
                              event, marks, () -> apply.apply(connection, event, version)));
                });
  }

  /** A projection whose events are applied by {@code batchApplier}. */
  public VersionedProjection(Pool pool, String name, BatchApplier batchApplier) {
    this.pool = pool;
    this.name = name;
    this.batchApplier = batchApplier;
  }

  public String name() {
    return name;
  }

  /** The versions now (version 1 active on first use). */
  public Uni<Versions> versions() {
    return versionsOf(pool, name);
  }

  /**
   * A projection's versions now (version 1 active on first use), in one statement once it has been
   * used: topic projections read them for every batch, store projections on every turn.
   */
  public static Uni<Versions> versionsOf(Pool pool, String projection) {
    Tuple key = Tuple.of(projection);
    return FirstUse.select(pool, CURRENT, key, ENSURE, key)
        .map(
            rows -> {
              Row row = rows.iterator().next();
              return new Versions(row.getInteger(0), row.getInteger(1));
            });
  }

  /** The live consumer's entry point: applies the event once to every writable version. */
  public Uni<Void> applyLive(IncomingEvent event) {
    return applyLive(List.of(event));
  }

  /**
   * The live consumer's entry point for a batch: applies the events, each once and in order, to
   * every writable version, one transaction per version. Fails with {@link PoisonEvent} if one of
   * them cannot be applied (nothing of the batch in that version; a version before it may hold it,
   * which the marks make harmless); the caller then applies them one at a time.
   */
  public Uni<Void> applyLive(List<IncomingEvent> events) {
    if (events.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return versions()
        .flatMap(
            versions -> {
              Uni<Void> chain = Uni.createFrom().voidItem();
              for (int version : versions.writable()) {
                chain = chain.flatMap(ignored -> batchApplier.applyAllTo(events, version));
              }
              return chain;
            });
  }

  /** Applies the events, each once and in order, to one version in one transaction. */
  Uni<Void> applyAllTo(List<IncomingEvent> events, int version) {
    return batchApplier.applyAllTo(events, version);
  }

  /** The name of the marks of a version (what {@link #processed} keeps them under). */
  public String marksOf(int version) {
    return name + "@v" + version;
  }

  /** The processed-event marks of a version. */
  public ProcessedEvents processed(int version) {
    return new ProcessedEvents(pool, marksOf(version));
  }

  Pool pool() {
    return pool;
  }
}
