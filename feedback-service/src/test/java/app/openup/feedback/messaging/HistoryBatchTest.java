package app.openup.feedback.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.openup.eventing.projection.IncomingEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The history applied set-wise: a batch gives the rows its events give one batch each, whichever
 * rows the batch reads from the table and which it made itself (a share's session proposed in the
 * same batch, a praise given and withdrawn in it, a partner erased after their own entries); and
 * the rows are what the rules say.
 */
@QuarkusTest
class HistoryBatchTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int ONE_BATCH = 901;
  private static final int EACH_ALONE = 902;
  private static final int TWO_HALVES = 903;

  @Inject HistoryProjection projection;

  @Inject Pool pool;

  private final UUID couple = UUID.randomUUID();
  private final UUID alex = UUID.randomUUID();
  private final UUID sam = UUID.randomUUID();
  private final Instant start = Instant.parse("2026-11-02T18:00:00Z");
  private final AtomicInteger position = new AtomicInteger();
  private final Map<String, AtomicInteger> versions = new LinkedHashMap<>();

  @AfterEach
  void clear() {
    for (int version : List.of(ONE_BATCH, EACH_ALONE, TWO_HALVES)) {
      pool.withTransaction(connection -> projection.clear(connection, version))
          .await()
          .atMost(WAIT);
    }
  }

  private IncomingEvent event(String stream, String type, String json) {
    int version = versions.computeIfAbsent(stream, s -> new AtomicInteger()).incrementAndGet();
    return new IncomingEvent(
        UUID.randomUUID(),
        "app.openup." + type + ".v1",
        stream.startsWith("praise") ? "feedback-service" : "needs-service",
        couple,
        stream,
        version,
        position.incrementAndGet(),
        1,
        null,
        start,
        json);
  }

  private String at(int minutes) {
    return "\"" + start.plusSeconds(60L * minutes) + "\"";
  }

  private List<IncomingEvent> history() {
    UUID need = UUID.randomUUID();
    UUID session = UUID.randomUUID();
    UUID withdrawn = UUID.randomUUID();
    UUID declined = UUID.randomUUID();
    UUID samShare = UUID.randomUUID();
    String c = "couple-" + couple;
    String n = "need-" + need;
    String s = "session-" + session;
    List<IncomingEvent> events = new ArrayList<>();
    events.add(
        event(
            c, "couple.formed", "{\"firstPartner\":\"" + alex + "\",\"formedAt\":" + at(0) + "}"));
    events.add(event(c, "couple.partner-joined", "{\"partnerId\":\"" + sam + "\"}"));
    events.add(
        event(
            n,
            "need.shared",
            "{\"needId\":\"%s\",\"author\":\"%s\",\"topic\":\"TIME\",\"sharedAt\":%s}"
                .formatted(need, alex, at(1))));
    events.add(
        event(
            n,
            "need.acknowledged",
            "{\"needId\":\"%s\",\"by\":\"%s\",\"acknowledgedAt\":%s}".formatted(need, sam, at(2))));
    // A share arrives before its session's first event: no session yet, so no one "went first".
    events.add(share(s, session, UUID.randomUUID(), sam, 30));
    events.add(
        event(
            s,
            "session.proposed",
            "{\"sessionId\":\"%s\",\"proposedBy\":\"%s\",\"proposedAt\":%s}"
                .formatted(session, alex, at(3))));
    events.add(
        event(
            s,
            "session.started",
            "{\"sessionId\":\"%s\",\"startedBy\":\"%s\",\"startedAt\":%s}"
                .formatted(session, sam, at(10))));
    // Alex's share is earlier than the one already there: it is the first, and Alex asked.
    events.add(share(s, session, UUID.randomUUID(), alex, 11));
    events.add(share(s, session, samShare, sam, 12));
    events.add(
        event(
            s,
            "session.open-question-asked",
            "{\"sessionId\":\"%s\",\"questionId\":\"%s\",\"askedBy\":\"%s\",\"askedAt\":%s}"
                .formatted(session, UUID.randomUUID(), sam, at(13))));
    events.add(
        event(
            s,
            "session.defensiveness-noticed",
            "{\"sessionId\":\"%s\",\"momentId\":\"%s\",\"noticedBy\":\"%s\",\"noticedAt\":%s}"
                .formatted(session, UUID.randomUUID(), alex, at(14))));
    events.add(
        event(
            s,
            "session.closed",
            "{\"sessionId\":\"%s\",\"closedBy\":\"%s\",\"reason\":\"DONE\",\"closedAt\":%s}"
                .formatted(session, alex, at(20))));
    events.add(ratings(s, session, 4));
    events.add(ratings(s, session, 2)); // the same partners again: the first ratings stand
    events.add(praise("praise-" + withdrawn, withdrawn, samShare));
    events.add(
        event(
            "praise-" + withdrawn,
            "praise.withdrawn",
            "{\"praiseId\":\"%s\",\"withdrawnAt\":%s}".formatted(withdrawn, at(22))));
    events.add(praise("praise-" + declined, declined, samShare));
    events.add(
        event(
            "praise-" + declined,
            "praise.declined",
            "{\"praiseId\":\"%s\",\"declinedAt\":%s}".formatted(declined, at(23))));
    events.add(
        event(
            n,
            "need.met",
            "{\"needId\":\"%s\",\"by\":\"%s\",\"metAt\":%s}".formatted(need, sam, at(24))));
    events.add(
        event(
            c,
            "couple.partner-erased",
            "{\"partnerId\":\"%s\",\"erasedAt\":%s}".formatted(sam, at(30))));
    // In flight when Sam was erased: its entry gets no actor either.
    events.add(
        event(
            s,
            "session.accepted",
            "{\"sessionId\":\"%s\",\"acceptedBy\":\"%s\",\"acceptedAt\":%s}"
                .formatted(session, sam, at(31))));
    events.add(
        event(
            s,
            "session.abandoned",
            "{\"sessionId\":\"%s\",\"abandonedAt\":%s}".formatted(session, at(31))));
    events.add(
        event(
            n, "need.withdrawn", "{\"needId\":\"%s\",\"withdrawnAt\":%s}".formatted(need, at(32))));
    return events;
  }

  private IncomingEvent share(String stream, UUID session, UUID share, UUID author, int minute) {
    return event(
        stream,
        "session.share-made",
        ("{\"sessionId\":\"%s\",\"shareId\":\"%s\",\"author\":\"%s\",\"depth\":\"DEEP\","
                + "\"kind\":\"FEELING\",\"topic\":\"TIME\",\"sharedAt\":%s}")
            .formatted(session, share, author, at(minute)));
  }

  private IncomingEvent ratings(String stream, UUID session, int safety) {
    return event(
        stream,
        "session.ratings-shared",
        ("{\"sessionId\":\"%s\",\"ratings\":[{\"partnerId\":\"%s\",\"safety\":%d,\"start\":\"SOFT\"},"
                + "{\"partnerId\":\"%s\",\"safety\":%d,\"start\":\"HARSH\"}],\"sharedAt\":%s}")
            .formatted(session, alex, safety, sam, safety, at(21)));
  }

  private IncomingEvent praise(String stream, UUID praise, UUID share) {
    return event(
        stream,
        "praise.given",
        ("{\"praiseId\":\"%s\",\"givenBy\":\"%s\",\"targetKind\":\"SHARE\",\"targetId\":\"%s\","
                + "\"style\":\"THANKS\",\"givenAt\":%s}")
            .formatted(praise, alex, share, at(21)));
  }

  private void apply(List<IncomingEvent> events, int version) {
    pool.withTransaction(connection -> projection.apply(connection, events, version))
        .await()
        .atMost(WAIT);
  }

  /** Every row of the version, without the version, sorted: what a query could see. */
  private Map<String, List<String>> rows(int version) {
    Map<String, List<String>> all = new LinkedHashMap<>();
    for (String table : HistoryRows.TABLES) {
      List<String> rows =
          pool
              .preparedQuery("select * from " + table + " where version = $1")
              .execute(Tuple.of(version))
              .await()
              .atMost(WAIT)
              .stream()
              .map(row -> withoutVersion(row))
              .sorted()
              .toList();
      all.put(table, rows);
    }
    return all;
  }

  private static String withoutVersion(Row row) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < row.size(); i++) {
      if (!"version".equals(row.getColumnName(i))) {
        values.add(row.getColumnName(i) + "=" + row.getValue(i));
      }
    }
    return String.join(" ", values);
  }

  @Test
  void aBatchGivesWhatItsEventsGiveOneBatchEach() {
    List<IncomingEvent> events = history();
    apply(events, ONE_BATCH);
    for (IncomingEvent event : events) {
      apply(List.of(event), EACH_ALONE);
    }
    int half = events.size() / 2;
    apply(events.subList(0, half), TWO_HALVES);
    apply(events.subList(half, events.size()), TWO_HALVES);

    Map<String, List<String>> alone = rows(EACH_ALONE);
    assertEquals(alone, rows(ONE_BATCH));
    assertEquals(alone, rows(TWO_HALVES));
  }

  @Test
  void theRowsAreWhatTheRulesSay() {
    apply(history(), ONE_BATCH);

    Map<String, String> kinds =
        pool
            .preparedQuery(
                "select kind, count(*), count(actor) from h_timeline where version = $1"
                    + " group by kind")
            .execute(Tuple.of(ONE_BATCH))
            .await()
            .atMost(WAIT)
            .stream()
            .collect(
                Collectors.toMap(
                    row -> row.getString(0), row -> row.getLong(1) + "/" + row.getLong(2)));
    assertEquals(
        Map.ofEntries(
            Map.entry("NEED_SHARED", "1/1"),
            Map.entry("NEED_ACKNOWLEDGED", "1/0"), // Sam's: erased
            Map.entry("NEED_MET", "1/0"),
            Map.entry("SESSION_PROPOSED", "1/1"),
            Map.entry("SESSION_STARTED_BOTH_READY", "1/0"),
            // Sam's first share came before the session and any other share: first, but not
            // the asker's; Alex's, earlier, then went first; Sam's second came after it.
            Map.entry("SHARED_FIRST", "1/0"),
            Map.entry("WENT_FIRST", "1/1"),
            Map.entry("SHARED", "1/0"),
            Map.entry("SESSION_ACCEPTED", "1/0"),
            Map.entry("OPEN_QUESTION", "1/0"),
            Map.entry("DEFENSIVENESS_TURNED_TO_CURIOSITY", "1/1"),
            Map.entry("SESSION_CLOSED", "1/1")),
        kinds,
        "no entry for praise that no longer stands; Sam's entries keep no actor");
    assertEquals(
        List.of("4 true", "4 false"),
        pool
            .preparedQuery(
                "select safety || ' ' || soft_start from h_rating where version = $1"
                    + " order by soft_start desc")
            .execute(Tuple.of(ONE_BATCH))
            .await()
            .atMost(WAIT)
            .stream()
            .map(row -> row.getString(0))
            .toList(),
        "the first ratings stand");
    assertEquals(
        List.of("ABANDONED true false"),
        pool
            .preparedQuery(
                "select s.close_reason || ' ' || (p.erased) || ' ' || (c.closed_at is null)"
                    + " from h_session s, h_partner p, h_couple c"
                    + " where s.version = $1 and p.version = $1 and c.version = $1"
                    + " and p.partner_id = $2")
            .execute(Tuple.of(ONE_BATCH, sam))
            .await()
            .atMost(WAIT)
            .stream()
            .map(row -> row.getString(0))
            .toList());
  }
}
