package app.openup.eventing.projection;

import app.openup.eventing.ConsistencyToken;
import app.openup.eventing.InTurn;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Effectively-once projections: an event's read rows and the mark that the projection applied it
 * are written in one transaction, so a redelivered event (the relay delivers at least once) changes
 * nothing.
 *
 * <p><b>What is remembered.</b> Per stream, the version below which every version was applied;
 * plus, while a stream has a gap (a later version arrived before an earlier one, which happens
 * after a relay re-send), the versions applied beyond it, which fold into the stream's version as
 * soon as the gap closes. That is exactly what "applied once" needs and grows with the number of
 * streams, not of events. Every transaction on a projection's marks takes an advisory lock on their
 * name before it reads them, so two consumers (a live one and a rebuild, or two instances after a
 * rebalance) never both apply an event.
 *
 * <p>The projection also keeps, per source service, the highest position it has processed, for lag
 * metrics; and it answers whether it has applied the event a {@link ConsistencyToken} names, so a
 * query can wait for its own writes.
 */
public final class ProcessedEvents {

  private static final String APPLIED =
      "select 1 from projection_stream_version"
          + " where projection = $1 and stream_id = $2 and version >= $3"
          + " union all select 1 from projection_applied_ahead"
          + " where projection = $1 and stream_id = $2 and version = $3";
  private static final String POSITIONS =
      "select source, global_position from projection_source_position where projection = $1";
  private final Pool pool;
  private final String projection;
  private final Commits commits;

  public ProcessedEvents(Pool pool, String projection) {
    this.pool = pool;
    this.projection = projection;
    this.commits = Commits.of(projection);
  }

  /**
   * Applies the event in a transaction unless this projection already has; true if it was applied
   * now. {@code apply} writes the read rows on the connection it is given.
   */
  public Uni<Boolean> applyOnce(IncomingEvent event, Function<SqlConnection, Uni<Void>> apply) {
    return pool.withTransaction(
            connection ->
                applyOnce(event, Marks.on(connection, projection), () -> apply.apply(connection)))
        .invoke(commits::committed);
  }

  /**
   * Applies a batch in one transaction, each event once and in order ({@link
   * #applyAll(SqlConnection, String, List, Function)}); answers the events applied now. {@code
   * apply} writes the read rows of the events it is given on the connection it is given.
   */
  public Uni<List<IncomingEvent>> applyAll(
      List<IncomingEvent> events, BiFunction<SqlConnection, List<IncomingEvent>, Uni<Void>> apply) {
    return pool.withTransaction(
            connection ->
                applyAll(connection, projection, events, fresh -> apply.apply(connection, fresh)))
        .invoke(commits::committed);
  }

  /**
   * Applies the event unless the marks say it was: the caller's transaction holds the marks'
   * statements and {@code apply}'s writes, so both commit or neither does. True if applied now.
   */
  public static Uni<Boolean> applyOnce(
      IncomingEvent event, Marks marks, Supplier<Uni<Void>> apply) {
    String stream = streamOf(event);
    long version = versionOf(event);
    return marks
        .claimNext(stream, version)
        .flatMap(
            claimed ->
                claimed
                    ? apply
                        .get()
                        .flatMap(ignored -> marks.advance(event.source(), event.globalPosition()))
                        .replaceWith(true)
                    : applyOnceLocked(event, marks, apply, stream, version));
  }

  /**
   * Applies a batch, each event once and in order, on the caller's transaction; answers the events
   * applied now (not those applied before). Set-wise: after the marks' advisory lock ({@link
   * MarkStatements#LOCK_MARKS}), the marks of the batch's streams are read in one statement; each
   * run of events whose streams go on from their marks goes to {@code apply} at once (it writes
   * them with a few statements per table, not per event), and its streams' marks and its sources'
   * positions move in one statement each; events that repeat what a stream holds are skipped. An
   * event of a stream with a gap (a relay re-send overtaken, or a rebuild's version that live
   * events reached first), and its stream's later events in the batch, go one at a time through
   * {@link #applyOnce(IncomingEvent, Marks, Supplier)}, {@code apply} getting one event; the
   * batch's order is kept throughout. Set-wise and per-event transactions on the same marks take
   * the same advisory lock first, so they run one after another.
   */
  public static Uni<List<IncomingEvent>> applyAll(
      SqlConnection connection,
      String projection,
      List<IncomingEvent> events,
      Function<List<IncomingEvent>, Uni<Void>> apply) {
    List<String> streams = events.stream().map(ProcessedEvents::streamOf).distinct().toList();
    return connection
        .preparedQuery(MarkStatements.LOCK_MARKS)
        .execute(Tuple.of(projection))
        .flatMap(
            locked ->
                connection
                    .preparedQuery(MarkStatements.STREAM_MARKS)
                    .execute(Tuple.of(projection, streams.toArray(String[]::new))))
        .flatMap(
            rows -> {
              List<Run> runs = runs(events, rows);
              Marks marks = Marks.on(connection, projection);
              List<IncomingEvent> fresh = new ArrayList<>();
              return InTurn.each(
                      runs,
                      run ->
                          run.oneAtATime()
                              ? applyOnce(
                                      run.events().get(0), marks, () -> apply.apply(run.events()))
                                  .invoke(
                                      done -> {
                                        if (done) {
                                          fresh.addAll(run.events());
                                        }
                                      })
                              : applySetWise(connection, projection, run.events(), apply)
                                  .invoke(() -> fresh.addAll(run.events())))
                  .replaceWith(fresh);
            });
  }

  /** Events applied together: a set-wise run, or one event through the per-event path. */
  private record Run(List<IncomingEvent> events, boolean oneAtATime) {}

  /** The batch cut into runs, in order, by the marks read (stream, version, versions ahead). */
  private static List<Run> runs(List<IncomingEvent> events, Iterable<Row> marks) {
    Map<String, Long> applied = new HashMap<>();
    Set<String> gapped = new HashSet<>();
    for (Row row : marks) {
      applied.put(row.getString(0), row.getLong(1));
      if (row.getInteger(2) > 0) {
        gapped.add(row.getString(0));
      }
    }
    List<Run> runs = new ArrayList<>();
    List<IncomingEvent> setWise = new ArrayList<>();
    for (IncomingEvent event : events) {
      String stream = streamOf(event);
      long version = versionOf(event);
      if (!gapped.contains(stream)) {
        long before = applied.getOrDefault(stream, 0L);
        if (version <= before) {
          continue;
        }
        if (version == before + 1) {
          applied.put(stream, version);
          setWise.add(event);
          continue;
        }
        gapped.add(stream);
      }
      if (!setWise.isEmpty()) {
        runs.add(new Run(setWise, false));
        setWise = new ArrayList<>();
      }
      runs.add(new Run(List.of(event), true));
    }
    if (!setWise.isEmpty()) {
      runs.add(new Run(setWise, false));
    }
    return runs;
  }

  /** Events that each go on from their stream's mark: applied at once, then the marks moved. */
  private static Uni<Void> applySetWise(
      SqlConnection connection,
      String projection,
      List<IncomingEvent> events,
      Function<List<IncomingEvent>, Uni<Void>> apply) {
    Map<String, Long> moved = new LinkedHashMap<>();
    Map<String, Long> positions = new LinkedHashMap<>();
    for (IncomingEvent event : events) {
      moved.put(streamOf(event), versionOf(event));
      positions.merge(event.source(), event.globalPosition(), Math::max);
    }
    return apply
        .apply(events)
        .flatMap(
            ignored ->
                connection
                    .preparedQuery(MarkStatements.SET_VERSIONS)
                    .execute(
                        Tuple.of(
                            projection,
                            moved.keySet().toArray(String[]::new),
                            moved.values().toArray(Long[]::new))))
        .flatMap(
            ignored ->
                connection
                    .preparedQuery(MarkStatements.ADVANCE_ALL)
                    .execute(
                        Tuple.of(
                            projection,
                            positions.keySet().toArray(String[]::new),
                            positions.values().toArray(Long[]::new))))
        .replaceWithVoid();
  }

  /** Every case but the next version of a stream with no gap: duplicates, gaps, a gap closing. */
  private static Uni<Boolean> applyOnceLocked(
      IncomingEvent event, Marks marks, Supplier<Uni<Void>> apply, String stream, long version) {
    return marks
        .lock(stream)
        .flatMap(
            locked -> {
              if (version <= locked.applied()) {
                return Uni.createFrom().item(false);
              }
              Uni<Boolean> seenAhead =
                  locked.ahead() == 0
                      ? Uni.createFrom().item(false)
                      : marks.appliedAhead(stream, version);
              return seenAhead.flatMap(
                  seen ->
                      seen
                          ? Uni.createFrom().item(false)
                          : apply
                              .get()
                              .flatMap(ignored -> mark(marks, event, stream, version, locked))
                              .flatMap(
                                  ignored -> marks.advance(event.source(), event.globalPosition()))
                              .replaceWith(true));
            });
  }

  /** Records the version: the stream's version moves on, or the version is kept beyond a gap. */
  private static Uni<Void> mark(
      Marks marks, IncomingEvent event, String stream, long version, Marks.Locked locked) {
    long applied = locked.applied();
    int ahead = locked.ahead();
    if (version > applied + 1) {
      return marks
          .markAhead(stream, version, event.id())
          .flatMap(ignored -> marks.setVersion(stream, applied, ahead + 1));
    }
    if (ahead == 0) {
      return marks.setVersion(stream, version, 0);
    }
    // The gap closed (or narrowed): fold the versions applied beyond it that now follow on.
    return marks
        .aheadVersions(stream)
        .flatMap(
            beyond -> {
              long upTo = version;
              for (long v : beyond) {
                if (v == upTo + 1) {
                  upTo = v;
                }
              }
              long folded = upTo;
              int left = (int) beyond.stream().filter(v -> v > folded).count();
              return marks
                  .foldAhead(stream, folded)
                  .flatMap(ignored -> marks.setVersion(stream, folded, left));
            });
  }

  /** Whether this projection has applied the event the token names. */
  public Uni<Boolean> hasProcessed(ConsistencyToken token) {
    return pool.preparedQuery(APPLIED)
        .execute(Tuple.of(projection, token.streamId(), token.streamVersion()))
        .map(rows -> rows.size() > 0);
  }

  /**
   * Waits, at most {@code timeout}, until this projection has applied the event the token names;
   * true if it has, false if the wait ran out (the caller answers with what it has).
   */
  public Uni<Boolean> awaitProcessed(ConsistencyToken token, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    return awaitUntil(token, deadline, Commits.FALLBACK);
  }

  private Uni<Boolean> awaitUntil(ConsistencyToken token, long deadline, Duration pause) {
    Commits.Signal commit = commits.next();
    return hasProcessed(token)
        .flatMap(
            done -> {
              long left = deadline - System.nanoTime();
              if (done || left <= 0) {
                return Uni.createFrom().item(done);
              }
              return commit
                  .orAfter(Duration.ofNanos(Math.min(left, pause.toNanos())))
                  .flatMap(ignored -> awaitUntil(token, deadline, Commits.backOff(pause)));
            });
  }

  /** The highest global position processed, per source service. */
  public Uni<Map<String, Long>> highestPositions() {
    return pool.preparedQuery(POSITIONS)
        .execute(Tuple.of(projection))
        .map(
            rows -> {
              Map<String, Long> positions = new HashMap<>();
              rows.forEach(row -> positions.put(row.getString(0), row.getLong(1)));
              return positions;
            });
  }

  /** Forgets everything this projection applied (a rebuild starting its version afresh). */
  Uni<Void> forgetAll() {
    return pool.withTransaction(
        connection ->
            connection
                .preparedQuery("delete from projection_stream_version where projection = $1")
                .execute(Tuple.of(projection))
                .flatMap(
                    ignored ->
                        connection
                            .preparedQuery(
                                "delete from projection_applied_ahead where projection = $1")
                            .execute(Tuple.of(projection)))
                .flatMap(
                    ignored ->
                        connection
                            .preparedQuery(
                                "delete from projection_source_position where projection = $1")
                            .execute(Tuple.of(projection)))
                .replaceWithVoid());
  }

  /** The stream an event belongs to; an event without one is a stream of its own. */
  static String streamOf(IncomingEvent event) {
    return event.streamId() != null ? event.streamId() : "event:" + event.id();
  }

  static long versionOf(IncomingEvent event) {
    return event.streamId() != null && event.streamVersion() > 0 ? event.streamVersion() : 1;
  }
}
