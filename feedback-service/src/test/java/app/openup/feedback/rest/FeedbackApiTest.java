package app.openup.feedback.rest;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.openup.feedback.support.Platform;
import app.openup.feedback.support.Platform.Couple;
import app.openup.feedback.support.Platform.Partner;
import app.openup.support.rest.Cursors;
import app.openup.testkit.ConsistencyTokens;
import app.openup.testkit.OpenUpTestResources;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Step 5 and the read side through the API, against the real database and broker. */
@QuarkusTest
@WithTestResource(value = OpenUpTestResources.class, scope = TestResourceScope.GLOBAL)
class FeedbackApiTest {

  static Map<String, Object> praise(String kind, UUID id, String words) {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("target", Map.of("kind", kind, "id", id.toString()));
    body.put("style", "APPRECIATION");
    if (words != null) {
      body.put("words", words);
    }
    return body;
  }

  @Test
  void aPartnerPraisesTheOthersShareAndTheOtherReceivesIt() {
    Couple couple = Platform.together();
    UUID session = UUID.randomUUID();
    UUID share = UUID.randomUUID();
    Instant now = Instant.now();
    var sessions = Platform.sessions();
    sessions.proposed(couple.id(), session, couple.alex().id(), now.minusSeconds(600));
    sessions.started(
        couple.id(),
        session,
        couple.alex().id(),
        List.of(couple.alex().id(), couple.sam().id()),
        now.minusSeconds(300));
    String shared =
        sessions.share(
            couple.id(),
            session,
            share,
            couple.alex().id(),
            "DEEP",
            "FINANCES",
            now.minusSeconds(200));

    Response given =
        couple
            .sam()
            .after(shared)
            .request()
            .body(praise("SHARE", share, "thank you for trusting me"))
            .post(couple.path("/praise"));
    given
        .then()
        .statusCode(201)
        .header("ETag", "\"1\"")
        .header("Consistency-Token", notNullValue())
        .body("status", equalTo("GIVEN"))
        .body("receivedBy", equalTo(couple.alex().id().toString()))
        .body("words.text", equalTo("thank you for trusting me"));
    String praiseId = given.path("id");
    couple
        .alex()
        .after(given.header("Consistency-Token"))
        .request()
        .get(couple.path("/praise"))
        .then()
        .statusCode(200)
        .body("items", hasSize(1))
        .body("items[0].id", equalTo(praiseId))
        .body("items[0].words.text", equalTo("thank you for trusting me"));
    couple
        .alex()
        .request()
        .get(couple.path("/history"))
        .then()
        .statusCode(200)
        .body("items[0].kind", equalTo("PRAISE_GIVEN"))
        .body("items[0].step", equalTo(5));
    couple
        .sam()
        .request()
        .post(couple.path("/praise/" + praiseId + "/withdraw"))
        .then()
        .statusCode(200)
        .body("status", equalTo("WITHDRAWN"));
    couple
        .alex()
        .after(couple.sam().last().get())
        .request()
        .get(couple.path("/praise"))
        .then()
        .body("items", hasSize(0));
    couple
        .alex()
        .request()
        .get(couple.path("/dashboard"))
        .then()
        .statusCode(200)
        .log()
        .ifValidationFails();
  }

  /** A session with a share by {@code author}; the token of the share. */
  static String shareBy(Couple couple, UUID session, UUID share, UUID author, String depth) {
    Instant now = Instant.now();
    var sessions = Platform.sessions();
    sessions.proposed(couple.id(), session, couple.alex().id(), now.minusSeconds(600));
    sessions.started(
        couple.id(),
        session,
        couple.alex().id(),
        List.of(couple.alex().id(), couple.sam().id()),
        now.minusSeconds(300));
    return sessions.share(couple.id(), session, share, author, depth, null, now.minusSeconds(200));
  }

  @Test
  void oneDoesNotPraiseOnesOwnShareNorAnotherCouples() {
    Couple couple = Platform.together();
    UUID share = UUID.randomUUID();
    String shared = shareBy(couple, UUID.randomUUID(), share, couple.alex().id(), "LIGHT");
    couple
        .alex()
        .after(shared)
        .request()
        .body(praise("SHARE", share, null))
        .post(couple.path("/praise"))
        .then()
        .statusCode(409)
        .body("rule", equalTo("PraiseYourPartner"));
    Couple other = Platform.together();
    other
        .sam()
        .after(shared)
        .request()
        .body(praise("SHARE", share, null))
        .post(other.path("/praise"))
        .then()
        .statusCode(404)
        .body("type", equalTo("https://openup.app/problems/not-found"));
    couple.alex().request().get(couple.path("/praise")).then().body("items", hasSize(0));
  }

  @Test
  void praiseForAShareNotSeenYetIsAcceptedThenDeclinedWhenItTurnsOutToBeTheGiversOwn() {
    Couple couple = Platform.together();
    UUID share = UUID.randomUUID();
    Response given =
        couple
            .sam()
            .request()
            .body(praise("SHARE", share, "well said"))
            .post(couple.path("/praise"));
    given.then().statusCode(201).body("status", equalTo("GIVEN")).body("receivedBy", nullValue());
    String praiseId = given.path("id");
    // The share arrives: it was Sam's own.
    shareBy(couple, UUID.randomUUID(), share, couple.sam().id(), "DEEP");
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                couple
                    .sam()
                    .request()
                    .get(couple.path("/praise/" + praiseId))
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("DECLINED"))
                    .body("declinedRule", equalTo("PraiseYourPartner")));
    // Alex never sees it; the history holds no praise.
    couple.alex().request().get(couple.path("/praise/" + praiseId)).then().statusCode(404);
    couple
        .alex()
        .request()
        .get(couple.path("/history?step=5"))
        .then()
        .statusCode(200)
        .body("items", hasSize(0));
  }

  @Test
  void praiseForAShareNotSeenYetStandsWhenItTurnsOutToBeThePartners() {
    Couple couple = Platform.together();
    UUID share = UUID.randomUUID();
    Response given =
        couple.sam().request().body(praise("SHARE", share, "brave")).post(couple.path("/praise"));
    String praiseId = given.path("id");
    // Until its share arrives the praise is the giver's alone: no moment, no metric.
    couple
        .sam()
        .after(given.header("Consistency-Token"))
        .request()
        .get(couple.path("/history?step=5"))
        .then()
        .statusCode(200)
        .body("items", hasSize(0));
    couple
        .sam()
        .request()
        .get(couple.path("/dashboard"))
        .then()
        .statusCode(200)
        .body("allTime.positives", equalTo(0))
        .body("weeks.praise.sum()", equalTo(0));
    String shared = shareBy(couple, UUID.randomUUID(), share, couple.alex().id(), "DEEP");
    couple
        .sam()
        .after(shared)
        .request()
        .get(couple.path("/history?step=5"))
        .then()
        .statusCode(200)
        .body("items", hasSize(1))
        .body("items[0].kind", equalTo("PRAISE_GIVEN"));
    couple
        .alex()
        .after(shared)
        .request()
        .get(couple.path("/praise/" + praiseId))
        .then()
        .statusCode(200)
        .body("status", equalTo("GIVEN"))
        .body("receivedBy", equalTo(couple.alex().id().toString()))
        .body("words.text", equalTo("brave"));
    couple
        .alex()
        .request()
        .get(couple.path("/me"))
        .then()
        .statusCode(200)
        .body("received", hasSize(1))
        .body("given", hasSize(0))
        .body("allTime.shares", equalTo(1))
        .body("allTime.praiseReceived", equalTo(1));
  }

  @Test
  void aStrangerFindsNothingOnAnyEndpoint() {
    Couple couple = Platform.together();
    UUID share = UUID.randomUUID();
    String shared = shareBy(couple, UUID.randomUUID(), share, couple.alex().id(), "DEEP");
    String praiseId =
        couple
            .sam()
            .after(shared)
            .request()
            .body(praise("SHARE", share, "x"))
            .post(couple.path("/praise"))
            .path("id");
    Partner kim = Partner.create();
    kim.after(shared);
    List<String[]> calls =
        List.of(
            new String[] {"GET", "/praise"},
            new String[] {"GET", "/praise/" + praiseId},
            new String[] {"POST", "/praise/" + praiseId + "/withdraw"},
            new String[] {"GET", "/history"},
            new String[] {"GET", "/dashboard"},
            new String[] {"GET", "/me"},
            new String[] {"POST", "/comparisons/opt-in"},
            new String[] {"POST", "/comparisons/opt-out"});
    for (String[] call : calls) {
      kim.request()
          .request(call[0], couple.path(call[1]))
          .then()
          .statusCode(404)
          .contentType("application/problem+json");
    }
    kim.request()
        .body(praise("SHARE", share, null))
        .post(couple.path("/praise"))
        .then()
        .statusCode(404);
    // A praise of another couple, through a couple the caller belongs to: not found either.
    Couple other = Platform.together();
    other.alex().request().get(other.path("/praise/" + praiseId)).then().statusCode(404);
    other
        .sam()
        .request()
        .post(other.path("/praise/" + praiseId + "/withdraw"))
        .then()
        .statusCode(404);
    couple
        .alex()
        .request()
        .get(couple.path("/praise/" + praiseId))
        .then()
        .body("status", equalTo("GIVEN"));
  }

  @Test
  void badInputGetsAProblemAndChangesNothing() {
    Couple couple = Platform.together();
    Partner sam = couple.sam();
    List<String> bodies =
        List.of(
            "{}",
            "not json",
            "{\"target\":{\"kind\":\"HUG\",\"id\":\""
                + UUID.randomUUID()
                + "\"},\"style\":\"GRATITUDE\"}",
            "{\"target\":{\"kind\":\"SHARE\",\"id\":\"nope\"},\"style\":\"GRATITUDE\"}",
            "{\"target\":{\"kind\":\"SHARE\"},\"style\":\"GRATITUDE\"}",
            "{\"target\":{\"kind\":\"SHARE\",\"id\":\""
                + UUID.randomUUID()
                + "\"},\"style\":\"LOUD\"}",
            "{\"target\":{\"kind\":\"SHARE\",\"id\":\""
                + UUID.randomUUID()
                + "\"},\"style\":\"GRATITUDE\",\"words\":\"   \"}",
            "{\"target\":{\"kind\":\"SHARE\",\"id\":\""
                + UUID.randomUUID()
                + "\"},\"style\":\"GRATITUDE\",\"words\":\""
                + "x".repeat(4001)
                + "\"}",
            "{\"target\":{\"kind\":\"SHARE\",\"id\":\""
                + UUID.randomUUID()
                + "\"},\"style\":\"GRATITUDE\",\"stars\":5}");
    for (String body : bodies) {
      sam.request()
          .body(body)
          .post(couple.path("/praise"))
          .then()
          .statusCode(400)
          .contentType("application/problem+json");
    }
    sam.request().get(couple.path("/history?step=9")).then().statusCode(400);
    // A query parameter that is not a number is the caller's mistake (400), not a missing resource.
    sam.request()
        .get(couple.path("/history?step=abc"))
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("step"));
    sam.request()
        .get(couple.path("/praise?limit=twenty"))
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("limit"));
    sam.request().get(couple.path("/history?from=yesterday")).then().statusCode(400);
    sam.request().get(couple.path("/history?cursor=nonsense")).then().statusCode(400);
    // Instants Java parses but a query cannot take: 400 naming the field, not an incident.
    for (String far : List.of("+1000000000-12-31T23:59:59Z", "-1000000000-01-01T00:00:00Z")) {
      for (String field : List.of("from", "to")) {
        sam.request()
            .queryParam(field, far)
            .get(couple.path("/history"))
            .then()
            .statusCode(400)
            .contentType("application/problem+json")
            .body("errors[0].field", equalTo(field));
      }
      sam.request()
          .queryParam("cursor", Cursors.after(far + "|" + UUID.randomUUID()))
          .get(couple.path("/history"))
          .then()
          .statusCode(400)
          .body("errors[0].field", equalTo("cursor"));
      sam.request()
          .queryParam("cursor", Cursors.after(far))
          .get(couple.path("/praise"))
          .then()
          .statusCode(400)
          .body("errors[0].field", equalTo("cursor"));
    }
    sam.request().get(couple.path("/praise?limit=1000")).then().statusCode(400);
    sam.request().get(couple.path("/praise/not-a-uuid")).then().statusCode(404);
    sam.request()
        .header("Idempotency-Key", "no spaces")
        .body(praise("SHARE", UUID.randomUUID(), null))
        .post(couple.path("/praise"))
        .then()
        .statusCode(400);
    sam.request().get(couple.path("/praise")).then().statusCode(200).body("items", hasSize(0));
  }

  @Test
  void theSameIdempotencyKeyPraisesOnce() {
    Couple couple = Platform.together();
    UUID share = UUID.randomUUID();
    var body = praise("NEED", share, "thank you");
    String first =
        couple
            .sam()
            .request()
            .header("Idempotency-Key", "p-1")
            .body(body)
            .post(couple.path("/praise"))
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    String again =
        couple
            .sam()
            .request()
            .header("Idempotency-Key", "p-1")
            .body(body)
            .post(couple.path("/praise"))
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    assertEquals(first, again);
    couple
        .sam()
        .request()
        .header("Idempotency-Key", "p-1")
        .body(praise("NEED", UUID.randomUUID(), "another"))
        .post(couple.path("/praise"))
        .then()
        .statusCode(422);
    couple.sam().request().get(couple.path("/praise")).then().body("items", hasSize(1));
  }

  @Test
  void theHistoryPagesByCursorWithoutLossOrRepeatAndFiltersByStepAndTime() {
    Couple couple = Platform.together();
    // Two sessions at the same moments: entries with equal times, ordered by id across pages.
    shareBy(couple, UUID.randomUUID(), UUID.randomUUID(), couple.alex().id(), "DEEP");
    String last = shareBy(couple, UUID.randomUUID(), UUID.randomUUID(), couple.sam().id(), "LIGHT");
    Response whole = couple.alex().after(last).request().get(couple.path("/history?limit=100"));
    whole.then().statusCode(200).body("nextCursor", nullValue());
    List<String> ids = whole.path("items.id");
    List<String> times = whole.path("items.at");
    List<Integer> steps = whole.path("items.step");
    assertTrue(ids.size() >= 6, ids.toString());
    for (int i = 1; i < times.size(); i++) {
      assertTrue(
          !Instant.parse(times.get(i)).isAfter(Instant.parse(times.get(i - 1))), times.toString());
    }

    List<String> paged = new java.util.ArrayList<>();
    String cursor = null;
    do {
      Response page =
          couple
              .alex()
              .request()
              .queryParam("limit", 2)
              .queryParam("cursor", cursor == null ? "" : cursor)
              .get(couple.path("/history"));
      page.then().statusCode(200);
      List<String> items = page.path("items.id");
      assertTrue(items.size() <= 2, items.toString());
      paged.addAll(items);
      cursor = page.path("nextCursor");
    } while (cursor != null);
    assertEquals(ids, paged);

    List<String> fourth =
        couple.alex().request().get(couple.path("/history?step=4")).path("items.id");
    List<String> expected = new java.util.ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      if (steps.get(i) == 4) {
        expected.add(ids.get(i));
      }
    }
    assertTrue(!expected.isEmpty());
    assertEquals(expected, fourth);

    Instant middle = Instant.parse(times.get(times.size() / 2));
    List<String> from = historyIds(couple, "from", middle);
    List<String> to = historyIds(couple, "to", middle);
    List<String> atOrAfter = new java.util.ArrayList<>();
    List<String> before = new java.util.ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      (Instant.parse(times.get(i)).isBefore(middle) ? before : atOrAfter).add(ids.get(i));
    }
    assertEquals(atOrAfter, from);
    assertEquals(before, to);
    assertTrue(!before.isEmpty() && !atOrAfter.isEmpty(), times.toString());
  }

  /** The ids of Alex's history with one time filter. */
  private static List<String> historyIds(Couple couple, String filter, Instant at) {
    return couple
        .alex()
        .request()
        .queryParam(filter, at.toString())
        .queryParam("limit", 100)
        .get(couple.path("/history"))
        .path("items.id");
  }

  @Test
  void afterALeaveEachSeesOnlyTheirOwnPartAndTheErasedPartnerIsLockedOut() {
    Couple couple = Platform.together();
    UUID alexShare = UUID.randomUUID();
    UUID session = UUID.randomUUID();
    String shared = shareBy(couple, session, alexShare, couple.alex().id(), "DEEP");
    couple
        .sam()
        .after(shared)
        .request()
        .body(praise("SHARE", alexShare, "so brave"))
        .post(couple.path("/praise"))
        .then()
        .statusCode(201);
    couple
        .alex()
        .after(couple.sam().last().get())
        .request()
        .get(couple.path("/praise"))
        .then()
        .body("items", hasSize(1));

    String left = Platform.needs().left(couple.id(), couple.sam().id());
    couple
        .alex()
        .after(left)
        .request()
        .get(couple.path("/praise"))
        .then()
        .statusCode(200)
        .body("items", hasSize(0));
    Response history = couple.alex().request().get(couple.path("/history?limit=100"));
    history.then().statusCode(200);
    List<String> actors = history.path("items.actor");
    assertTrue(
        actors.stream().allMatch(a -> couple.alex().id().toString().equals(a)), actors.toString());
    couple
        .alex()
        .request()
        .get(couple.path("/dashboard"))
        .then()
        .statusCode(200)
        .body("together", equalTo(false))
        .body("comparisons.available", equalTo(false));
    couple
        .sam()
        .after(left)
        .request()
        .get(couple.path("/praise"))
        .then()
        .statusCode(200)
        .body("items", hasSize(1));

    String erased = Platform.needs().erased(couple.id(), couple.sam().id());
    couple.alex().after(erased).request().get(couple.path("/history")).then().statusCode(200);
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                couple
                    .sam()
                    .request()
                    .get(couple.path("/praise"))
                    .then()
                    .statusCode(410)
                    .contentType("application/problem+json"));
    couple.sam().request().get(couple.path("/dashboard")).then().statusCode(410);
  }

  @Test
  void aReadWhoseTokenIsNotReachedInTimeIsAnsweredNotCaughtUpAndADraftsTokenWaitsForTheCouple() {
    Couple couple = Platform.together();
    couple.alex().request().get(couple.path("/dashboard")).then().statusCode(200);
    String never = ConsistencyTokens.neverComing("sessions", "session-" + UUID.randomUUID());
    for (String path : List.of("/dashboard", "/history", "/praise")) {
      couple
          .alex()
          .request()
          .header("Consistency-Token", never)
          .get(couple.path(path))
          .then()
          .statusCode(503)
          .header("Retry-After", "1")
          .contentType("application/problem+json")
          .body("type", equalTo("https://openup.app/problems/not-caught-up"));
    }
    // A need's draft (step 1) is never published: the read side waits for the couple's event the
    // draft followed, as its token names it, or for nothing if it names none.
    String draft = ConsistencyTokens.ofANeedsDraft();
    couple
        .alex()
        .request()
        .header("Consistency-Token", draft)
        .get(couple.path("/dashboard"))
        .then()
        .statusCode(200);
    String afterTheForming = ConsistencyTokens.ofANeedsDraftAfter("couple-" + couple.id(), 1);
    couple
        .alex()
        .request()
        .header("Consistency-Token", afterTheForming)
        .get(couple.path("/dashboard"))
        .then()
        .statusCode(200);
    String afterWhatNeverCame = ConsistencyTokens.ofANeedsDraftAfter("couple-" + couple.id(), 99);
    couple
        .alex()
        .request()
        .header("Consistency-Token", afterWhatNeverCame)
        .get(couple.path("/history"))
        .then()
        .statusCode(503)
        .body("type", equalTo("https://openup.app/problems/not-caught-up"));
  }
}
