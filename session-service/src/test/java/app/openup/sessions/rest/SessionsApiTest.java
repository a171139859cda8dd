package app.openup.sessions.rest;

import static app.openup.sessions.rest.Couples.checkIn;
import static app.openup.sessions.rest.Couples.proposal;
import static app.openup.sessions.rest.Couples.proposed;
import static app.openup.sessions.rest.Couples.share;
import static app.openup.sessions.rest.Couples.started;
import static app.openup.sessions.rest.Couples.together;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.openup.eventing.ConsistencyToken;
import app.openup.sessions.rest.Couples.Couple;
import app.openup.sessions.rest.Couples.Partner;
import app.openup.sessions.service.AbandonedSessions;
import app.openup.testkit.ConsistencyTokens;
import app.openup.testkit.OpenUpTestResources;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Steps 3 and 4 through the API, against the real database and broker. */
@QuarkusTest
@WithTestResource(value = OpenUpTestResources.class, scope = TestResourceScope.GLOBAL)
class SessionsApiTest {

  @Inject AbandonedSessions abandoned;

  @Test
  void aCoupleHoldsASafeSpaceSessionWhereTheOneWhoAskedGoesFirst() {
    Couple couple = together();
    Partner alex = couple.alex();
    Partner sam = couple.sam();

    // Step 3: alex asks for a session at a calm time and place.
    Response proposed = alex.request().body(proposal(0)).post(couple.sessions());
    proposed
        .then()
        .statusCode(201)
        .header("ETag", "\"1\"")
        .header("Consistency-Token", notNullValue())
        .header("Location", containsString(couple.sessions() + "/"))
        .body("status", equalTo("PROPOSED"))
        .body("initiator", equalTo(alex.id().toString()))
        .body("place.text", equalTo("the bench by the river"))
        .body("topic", equalTo("FINANCES"));
    String id = proposed.path("id");
    String session = couple.session(id);

    sam.request()
        .get(session)
        .then()
        .statusCode(200)
        .body("place.text", equalTo("the bench by the river"));
    sam.request()
        .post(session + "/accept")
        .then()
        .statusCode(200)
        .body("status", equalTo("ACCEPTED"));

    // Readiness: alex is calm; sam checks in angry, so the session cannot start.
    checkIn(alex, couple, id, 4, false, false);
    checkIn(sam, couple, id, 2, false, true)
        .then()
        .body("readiness.find { it.partnerId == '" + sam.id() + "' }.state", equalTo("NOT_YET"))
        .body("readiness.find { it.partnerId == '" + sam.id() + "' }.calm", equalTo(2))
        .body("readiness.find { it.partnerId == '" + sam.id() + "' }.angry", equalTo(true));
    alex.request()
        .post(session + "/start")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("rule", equalTo("BothPartnersReady"))
        .body("suggestion", equalTo("PostponeSession"))
        .body("detail", containsString("rain check"));
    // Each sees the other only as ready or not yet, never the numbers.
    alex.request()
        .get(session)
        .then()
        .body("readiness.find { it.partnerId == '" + sam.id() + "' }.state", equalTo("NOT_YET"))
        .body("readiness.find { it.partnerId == '" + sam.id() + "' }.calm", nullValue())
        .body("readiness.find { it.partnerId == '" + sam.id() + "' }.angry", nullValue())
        .body("readiness.find { it.partnerId == '" + alex.id() + "' }.calm", equalTo(4));
    sam.request()
        .get(session)
        .then()
        .body("readiness.find { it.partnerId == '" + alex.id() + "' }.state", equalTo("READY"))
        .body("readiness.find { it.partnerId == '" + alex.id() + "' }.calm", nullValue());

    // Sam calms down, checks in again: both ready, and the ground rule is accepted at the start.
    checkIn(sam, couple, id, 4, false, false);
    sam.request()
        .post(session + "/start")
        .then()
        .statusCode(200)
        .body("status", equalTo("STARTED"))
        .body("groundRule", equalTo("REPLACE_DEFENSIVENESS_WITH_CURIOSITY"))
        .body("startedAt", notNullValue());

    // Step 4: the partner who asked goes first.
    sam.request()
        .body(share("I'll start"))
        .post(session + "/shares")
        .then()
        .statusCode(409)
        .body("rule", equalTo("InitiatorSharesFirst"))
        .body("detail", equalTo("The partner who asked goes first."));
    alex.request()
        .body(share("I worry we never talk about money"))
        .post(session + "/shares")
        .then()
        .statusCode(200)
        .body("shares", hasSize(1))
        .body("shares[0].author", equalTo(alex.id().toString()))
        .body("shares[0].depth", equalTo("DEEP"))
        .body("shares[0].text.text", equalTo("I worry we never talk about money"));
    sam.request()
        .body(Map.of("question", "TELL_ME_MORE"))
        .post(session + "/questions")
        .then()
        .statusCode(200)
        .body("questions[0].question", equalTo("TELL_ME_MORE"))
        .body("questions[0].words.text", equalTo("Tell me more about how you're feeling."));
    alex.request()
        .body(Map.of("words", "What would feel fair to you?"))
        .post(session + "/questions")
        .then()
        .statusCode(200)
        .body("questions[1].question", nullValue())
        .body("questions[1].words.text", equalTo("What would feel fair to you?"));
    sam.request()
        .body(Map.of("depth", "LIGHT", "kind", "FACT", "text", "I spent too much last month"))
        .post(session + "/shares")
        .then()
        .statusCode(200)
        .body("shares", hasSize(2));
    sam.request()
        .body(Map.of("whose", "OWN"))
        .post(session + "/defensive-moments")
        .then()
        .statusCode(200)
        .body("momentId", notNullValue())
        .body("suggestion.question", equalTo("TELL_ME_MORE"))
        .body("suggestion.words", equalTo("Tell me more about how you're feeling."))
        .body("session.defensiveMoments", hasSize(1));

    // Close, then each rates; a rating is its rater's own unless both share theirs.
    alex.request()
        .post(session + "/close")
        .then()
        .statusCode(200)
        .body("status", equalTo("CLOSED"));
    alex.request()
        .body(Map.of("safety", 5, "start", "SOFT", "shareWithPartner", true))
        .post(session + "/ratings")
        .then()
        .statusCode(200)
        .body("ratings", hasSize(1))
        .body("ratings[0].safety", equalTo(5));
    sam.request()
        .body(Map.of("safety", 2, "start", "HARSH", "shareWithPartner", false))
        .post(session + "/ratings")
        .then()
        .statusCode(200)
        .body("ratings", hasSize(1))
        .body("ratings[0].partnerId", equalTo(sam.id().toString()))
        .body("ratings[0].safety", equalTo(2));
    alex.request()
        .get(session)
        .then()
        .body("ratings", hasSize(1))
        .body("ratings[0].partnerId", equalTo(alex.id().toString()));
    sam.request()
        .body(Map.of("safety", 3, "start", "SOFT", "shareWithPartner", true))
        .post(session + "/ratings")
        .then()
        .statusCode(409)
        .body("rule", equalTo("RatedOnce"));

    Response list = alex.request().get(couple.sessions());
    list.then()
        .statusCode(200)
        .body("items", hasSize(1))
        .body("items[0].id", equalTo(id))
        .body("items[0].status", equalTo("CLOSED"))
        .body("items[0].closeReason", equalTo("CLOSED_BY_PARTNER"));
    assertEquals(
        list.<Integer>path("items[0].version"),
        Integer.parseInt(alex.request().get(session).header("ETag").replace("\"", "")));
  }

  @Test
  void bothRatingsAreSeenByBothOnlyWhenBothShare() {
    Couple couple = together();
    String id = started(couple);
    String session = couple.session(id);
    couple.alex().request().body(share("first")).post(session + "/shares").then().statusCode(200);
    couple.sam().request().post(session + "/close").then().statusCode(200);
    for (Partner partner : List.of(couple.alex(), couple.sam())) {
      partner
          .request()
          .body(Map.of("safety", 4, "start", "SOFT", "shareWithPartner", true))
          .post(session + "/ratings")
          .then()
          .statusCode(200);
    }
    couple.alex().request().get(session).then().body("ratings", hasSize(2));
    couple.sam().request().get(session).then().body("ratings", hasSize(2));
  }

  @Test
  void aRainCheckPostponesWithoutBlameAndANewTimeStartsAgain() {
    Couple couple = together();
    String id = proposed(couple, 0);
    String session = couple.session(id);
    couple.sam().request().post(session + "/accept").then().statusCode(200);
    checkIn(couple.sam(), couple, id, 3, true, false);
    couple
        .sam()
        .request()
        .post(session + "/postpone")
        .then()
        .statusCode(200)
        .body("status", equalTo("POSTPONED"));
    Map<String, Object> later = proposal(5);
    later.remove("topic");
    couple
        .sam()
        .request()
        .body(later)
        .post(session + "/reschedule")
        .then()
        .statusCode(200)
        .body("status", equalTo("PROPOSED"))
        .body("proposedBy", equalTo(couple.sam().id().toString()))
        .body("initiator", equalTo(couple.alex().id().toString()))
        .body("readiness", hasSize(0));
    couple
        .sam()
        .request()
        .post(session + "/accept")
        .then()
        .statusCode(409)
        .body("rule", equalTo("TheOtherPartnerAnswers"));
    couple.alex().request().post(session + "/accept").then().statusCode(200);
  }

  @Test
  void aProposalInThePastOrOverlappingAnotherIsRefused() {
    Couple couple = together();
    proposed(couple, 0);
    Map<String, Object> past = proposal(0);
    past.put("startsAt", Instant.now().minus(Duration.ofHours(2)).toString());
    past.put("endsAt", Instant.now().minus(Duration.ofHours(1)).toString());
    couple
        .sam()
        .request()
        .body(past)
        .post(couple.sessions())
        .then()
        .statusCode(409)
        .body("rule", equalTo("ATimeAhead"));
    Map<String, Object> overlapping = proposal(0);
    overlapping.put(
        "startsAt",
        Instant.parse((String) overlapping.get("startsAt")).plusSeconds(1800).toString());
    overlapping.put(
        "endsAt", Instant.parse((String) overlapping.get("endsAt")).plusSeconds(1800).toString());
    couple
        .sam()
        .request()
        .body(overlapping)
        .post(couple.sessions())
        .then()
        .statusCode(409)
        .body("rule", equalTo("OneSessionAtATime"));
    Map<String, Object> farAway = proposal(0);
    farAway.put("startsAt", "+999999999-01-01T00:00:00Z");
    farAway.put("endsAt", "+999999999-01-01T01:00:00Z");
    couple
        .sam()
        .request()
        .body(farAway)
        .post(couple.sessions())
        .then()
        .statusCode(409)
        .body("rule", equalTo("WithinAYear"));
    couple.alex().request().get(couple.sessions()).then().body("items", hasSize(1));
  }

  @Test
  void aSessionCanBeAboutANeedSharedInNeedsService() {
    Couple couple = together();
    UUID need = UUID.randomUUID();
    String shared = Couples.needs().needShared(couple.id(), need, couple.sam().id(), "INTIMACY");
    Map<String, Object> body = proposal(0);
    body.remove("topic");
    body.put("needId", need.toString());
    couple
        .alex()
        .request()
        .header("Consistency-Token", shared)
        .body(body)
        .post(couple.sessions())
        .then()
        .statusCode(201)
        .body("needId", equalTo(need.toString()))
        .body("topic", equalTo("INTIMACY"));
    body.put("needId", UUID.randomUUID().toString());
    body.putAll(proposal(3));
    body.remove("topic");
    couple
        .alex()
        .request()
        .body(body)
        .post(couple.sessions())
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void aCommandWithNeedsServicesTokenWaitsForTheCoupleInsteadOfAnsweringNotFound()
      throws Exception {
    Partner alex = Partner.create();
    Partner sam = Partner.create();
    UUID coupleId = UUID.randomUUID();
    String path = "/api/v1/couples/" + coupleId + "/sessions";
    // Without a token, a couple this service has not heard of is simply not found.
    alex.request()
        .header("Consistency-Token", "")
        .body(proposal(0))
        .post(path)
        .then()
        .statusCode(404);
    // The token of the join (couple-<id> at version 3) names events not yet on needs.events:
    // the command is sent first, and waits for them.
    String joinToken =
        new ConsistencyToken("needs", 1, UUID.randomUUID(), "couple-" + coupleId, 3).encode();
    CompletableFuture<Integer> command =
        CompletableFuture.supplyAsync(
            () ->
                alex.request()
                    .header("Consistency-Token", joinToken)
                    .body(proposal(0))
                    .post(path)
                    .statusCode());
    // It stays pending while the membership has not arrived.
    Awaitility.await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !command.isDone());
    Couples.needs().together(coupleId, alex.id(), sam.id());
    assertEquals(201, command.get(20, TimeUnit.SECONDS));
  }

  @Test
  void aStrangerFindsNothingOnAnyEndpoint() {
    Couple couple = together();
    String id = started(couple);
    Partner kim = Partner.create();
    String session = couple.session(id);
    Map<String, Map<String, Object>> posts = new HashMap<>();
    Map<String, Object> reschedule = proposal(6);
    reschedule.remove("topic");
    posts.put(session + "/reschedule", reschedule);
    posts.put(session + "/accept", null);
    posts.put(session + "/decline", null);
    posts.put(session + "/postpone", null);
    posts.put(session + "/check-ins", Map.of("calm", 4, "rushed", false, "angry", false));
    posts.put(session + "/start", null);
    posts.put(session + "/shares", share("hello"));
    posts.put(session + "/questions", Map.of("question", "WHAT_ELSE"));
    posts.put(session + "/defensive-moments", Map.of("whose", "CONVERSATION"));
    posts.put(session + "/close", null);
    posts.put(
        session + "/ratings", Map.of("safety", 3, "start", "SOFT", "shareWithPartner", false));
    posts.put(couple.sessions(), proposal(7));
    String before = couple.alex().request().get(session).header("ETag");
    for (var post : posts.entrySet()) {
      var request = kim.request();
      if (post.getValue() != null) {
        request.body(post.getValue());
      }
      request
          .post(post.getKey())
          .then()
          .statusCode(404)
          .contentType("application/problem+json")
          .body("type", equalTo("https://openup.app/problems/not-found"));
    }
    kim.request().get(session).then().statusCode(404);
    kim.request().get(couple.sessions()).then().statusCode(404);
    // A session of another couple, through a couple the caller belongs to: not found either.
    Couple other = together();
    other.alex().request().get(other.sessions() + "/" + id).then().statusCode(404);
    other.alex().request().post(other.sessions() + "/" + id + "/close").then().statusCode(404);
    assertEquals(before, couple.alex().request().get(session).header("ETag"), "nothing changed");
  }

  @Test
  void badInputGetsAProblemAndChangesNothing() {
    Couple couple = together();
    String id = started(couple);
    String session = couple.session(id);
    Partner alex = couple.alex();
    String before = alex.request().get(session).header("ETag");
    List<Object[]> bad = new ArrayList<>();
    bad.add(new Object[] {session + "/shares", "{}"});
    bad.add(new Object[] {session + "/shares", "not json"});
    bad.add(
        new Object[] {
          session + "/shares", "{\"depth\":\"BOTTOMLESS\",\"kind\":\"FACT\",\"text\":\"x\"}"
        });
    bad.add(
        new Object[] {
          session + "/shares", "{\"depth\":\"DEEP\",\"kind\":\"FACT\",\"text\":\"  \"}"
        });
    bad.add(
        new Object[] {
          session + "/shares",
          "{\"depth\":\"DEEP\",\"kind\":\"FACT\",\"text\":\"" + "x".repeat(4001) + "\"}"
        });
    bad.add(
        new Object[] {
          session + "/shares", "{\"depth\":\"DEEP\",\"kind\":\"FACT\",\"text\":\"x\",\"mood\":1}"
        });
    bad.add(new Object[] {session + "/check-ins", "{\"calm\":0,\"rushed\":false,\"angry\":false}"});
    bad.add(new Object[] {session + "/check-ins", "{\"calm\":6,\"rushed\":false,\"angry\":false}"});
    bad.add(
        new Object[] {
          session + "/check-ins", "{\"calm\":\"calm\",\"rushed\":false,\"angry\":false}"
        });
    bad.add(new Object[] {session + "/check-ins", "{\"calm\":3}"});
    bad.add(new Object[] {session + "/questions", "{\"question\":\"WHY_DID_YOU\"}"});
    bad.add(new Object[] {session + "/defensive-moments", "{\"whose\":\"THEIRS\"}"});
    bad.add(new Object[] {session + "/ratings", "{\"safety\":9,\"start\":\"SOFT\"}"});
    bad.add(new Object[] {couple.sessions(), "{\"startsAt\":\"tomorrow\",\"endsAt\":\"later\"}"});
    bad.add(new Object[] {couple.sessions(), "{\"endsAt\":\"2030-01-01T10:00:00Z\"}"});
    bad.add(new Object[] {couple.sessions(), "[]"});
    for (Object[] request : bad) {
      alex.request()
          .body(request[1])
          .post((String) request[0])
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("type", equalTo("https://openup.app/problems/invalid-input"));
    }
    alex.request()
        .body(Map.of("question", "WHAT_ELSE", "words", "both"))
        .post(session + "/questions")
        .then()
        .statusCode(409)
        .body("rule", equalTo("SayItInYourWords"));
    alex.request().get(couple.sessions() + "/not-a-uuid").then().statusCode(404);
    alex.request().get(couple.sessions() + "?limit=0").then().statusCode(400);
    alex.request()
        .get(couple.sessions() + "?status=HAPPY")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("status"));
    alex.request().get(couple.sessions() + "?limit=ten").then().statusCode(400);
    alex.request().get(couple.sessions() + "?cursor=nonsense").then().statusCode(400);
    alex.request().header("If-Match", "yesterday").post(session + "/close").then().statusCode(400);
    alex.request()
        .header("Consistency-Token", "forged")
        .get(session)
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    alex.request()
        .header("Idempotency-Key", "no spaces allowed")
        .body(proposal(9))
        .post(couple.sessions())
        .then()
        .statusCode(400);
    assertEquals(before, alex.request().get(session).header("ETag"), "nothing changed");
  }

  @Test
  void aStaleIfMatchIsAConflictAndTheCurrentOneWins() {
    Couple couple = together();
    String id = started(couple);
    String session = couple.session(id);
    String etag = couple.alex().request().get(session).header("ETag");
    couple.alex().request().body(share("first")).post(session + "/shares").then().statusCode(200);
    couple
        .sam()
        .request()
        .header("If-Match", etag)
        .post(session + "/close")
        .then()
        .statusCode(409)
        .body("type", equalTo("https://openup.app/problems/version-conflict"));
    String now = couple.sam().request().get(session).header("ETag");
    couple.sam().request().header("If-Match", now).post(session + "/close").then().statusCode(200);
  }

  @Test
  void concurrentSharesAllLandWithConsistentVersions() {
    Couple couple = together();
    String id = started(couple);
    String session = couple.session(id);
    couple
        .alex()
        .request()
        .body(share("me first"))
        .post(session + "/shares")
        .then()
        .statusCode(200);
    long before =
        Long.parseLong(couple.alex().request().get(session).header("ETag").replace("\"", ""));
    List<CompletableFuture<Integer>> shares = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Partner who = i % 2 == 0 ? couple.alex() : couple.sam();
      String text = "share " + i;
      shares.add(
          CompletableFuture.supplyAsync(
              () ->
                  who.request()
                      .header("Consistency-Token", "")
                      .body(share(text))
                      .post(session + "/shares")
                      .statusCode()));
    }
    shares.forEach(s -> assertEquals(200, s.join()));
    Response after = couple.alex().request().get(session);
    after.then().body("shares", hasSize(9)).header("ETag", "\"" + (before + 8) + "\"");
    assertEquals(before + 8, after.<Integer>path("version").longValue());
  }

  @Test
  void theSameIdempotencyKeyProposesOnceAndAnotherRequestWithItIsRefused() {
    Couple couple = together();
    Map<String, Object> body = proposal(0);
    String first =
        couple
            .alex()
            .request()
            .header("Idempotency-Key", "propose-1")
            .body(body)
            .post(couple.sessions())
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    String again =
        couple
            .alex()
            .request()
            .header("Idempotency-Key", "propose-1")
            .body(body)
            .post(couple.sessions())
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    assertEquals(first, again);
    couple
        .alex()
        .request()
        .header("Idempotency-Key", "propose-1")
        .body(proposal(4))
        .post(couple.sessions())
        .then()
        .statusCode(422);
    couple.alex().request().get(couple.sessions()).then().body("items", hasSize(1));
  }

  @Test
  void aLeaveEndsTheCouplesSessionsAndEachReadsOnlyTheirOwnWords() {
    Couple couple = together();
    String id = started(couple);
    String session = couple.session(id);
    couple
        .alex()
        .request()
        .body(share("alex's words"))
        .post(session + "/shares")
        .then()
        .statusCode(200);
    couple
        .sam()
        .request()
        .body(share("sam's words"))
        .post(session + "/shares")
        .then()
        .statusCode(200);
    String planned = proposed(couple, 30);

    String left = Couples.needs().left(couple.id(), couple.sam().id());
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                couple
                    .alex()
                    .request()
                    .header("Consistency-Token", left)
                    .get(session)
                    .then()
                    .body("status", equalTo("CLOSED"))
                    .body("closeReason", equalTo("SAFETY_EXIT")));
    couple
        .alex()
        .request()
        .get(couple.session(planned))
        .then()
        .body("status", equalTo("CLOSED"))
        .body("closeReason", equalTo("SAFETY_EXIT"));
    Response alexReads = couple.alex().request().get(session);
    alexReads
        .then()
        .body("shares[0].text.text", equalTo("alex's words"))
        .body("shares[1].text.text", nullValue())
        .body("shares[1].text.visibility", equalTo("ERASED"))
        .body("shares[1].depth", nullValue())
        .body("shares[1].author", nullValue())
        .body("shares[1].sharedAt", nullValue())
        .body("readiness", hasSize(1));
    assertFalse(alexReads.asString().contains("sam's words"));
    couple
        .sam()
        .request()
        .get(session)
        .then()
        .statusCode(200)
        .body("shares[0].text.visibility", equalTo("ERASED"))
        .body("shares[1].text.text", equalTo("sam's words"))
        .body("place.visibility", equalTo("ERASED"));
    couple
        .alex()
        .request()
        .body(proposal(40))
        .post(couple.sessions())
        .then()
        .statusCode(409)
        .body("rule", equalTo("CoupleClosed"));
  }

  @Test
  void anErasedPartnerIsLockedOutAndTheirWordsReadAsErased() {
    Couple couple = together();
    String id = started(couple);
    String session = couple.session(id);
    couple
        .alex()
        .request()
        .body(share("alex first"))
        .post(session + "/shares")
        .then()
        .statusCode(200);
    couple
        .sam()
        .request()
        .body(share("sam's secret"))
        .post(session + "/shares")
        .then()
        .statusCode(200);
    String erased = Couples.needs().erased(couple.id(), couple.sam().id());
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                couple
                    .sam()
                    .request()
                    .get(session)
                    .then()
                    .statusCode(410)
                    .contentType("application/problem+json"));
    couple.sam().request().get(couple.sessions()).then().statusCode(410);
    couple.sam().request().body(share("more")).post(session + "/shares").then().statusCode(410);
    Response alexReads = couple.alex().request().header("Consistency-Token", erased).get(session);
    alexReads
        .then()
        .statusCode(200)
        .body("status", equalTo("CLOSED"))
        .body("shares[1].text.visibility", equalTo("ERASED"));
    assertFalse(alexReads.asString().contains("sam's secret"));
  }

  @Test
  void aSessionLeftOpenTooLongIsClosedAsAbandoned() throws Throwable {
    Couple couple = together();
    String id = started(couple);
    String session = couple.session(id);
    String etag = couple.alex().request().get(session).header("ETag");
    sweep(Instant.now().plus(Duration.ofHours(1)));
    assertEquals(etag, couple.alex().request().get(session).header("ETag"), "not yet overdue");
    int closed = sweep(Instant.now().plus(Duration.ofHours(7)));
    assertTrue(closed >= 1);
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                couple
                    .alex()
                    .request()
                    .get(session)
                    .then()
                    .body("status", equalTo("ABANDONED"))
                    .body("closedAt", notNullValue()));
    // Running it again (another replica, say) finds nothing more to do for this couple.
    sweep(Instant.now().plus(Duration.ofHours(7)));
    Response after = couple.alex().request().get(session);
    assertNull(after.path("closeReason"));
    couple
        .alex()
        .request()
        .body(Map.of("safety", 3, "start", "SOFT", "shareWithPartner", false))
        .post(session + "/ratings")
        .then()
        .statusCode(200);
  }

  /** The sweep as the scheduler runs it: on a Vert.x context of its own. */
  private int sweep(Instant at) throws Throwable {
    return VertxContextSupport.subscribeAndAwait(() -> abandoned.sweep(at));
  }

  @Test
  void aTokenNotReachedInTimeIsAnsweredNotCaughtUpAndChangesNothing() {
    Couple couple = together();
    proposed(couple, 1);
    // Tokens naming events that never come: of needs (which a proposal waits for) and of this
    // service (which a read waits for).
    String neverNeeds = ConsistencyTokens.neverComing("needs", "couple-" + couple.id());
    String neverSessions =
        ConsistencyTokens.neverComing("sessions", "session-" + UUID.randomUUID());
    couple
        .alex()
        .request()
        .header("Consistency-Token", neverNeeds)
        .body(proposal(2))
        .post(couple.sessions())
        .then()
        .statusCode(503)
        .header("Retry-After", "1")
        .contentType("application/problem+json")
        .body("type", equalTo("https://openup.app/problems/not-caught-up"));
    couple
        .alex()
        .request()
        .header("Consistency-Token", neverSessions)
        .get(couple.sessions())
        .then()
        .statusCode(503)
        .body("type", equalTo("https://openup.app/problems/not-caught-up"));
    couple.alex().request().get(couple.sessions()).then().body("items", hasSize(1));

    // A need's draft (step 1) is never published: its token waits for the couple's event the
    // draft followed, or for nothing if it names none.
    String draft = ConsistencyTokens.ofANeedsDraft();
    couple
        .alex()
        .request()
        .header("Consistency-Token", draft)
        .body(proposal(3))
        .post(couple.sessions())
        .then()
        .statusCode(201);
    couple
        .alex()
        .request()
        .header(
            "Consistency-Token", ConsistencyTokens.ofANeedsDraftAfter("couple-" + couple.id(), 99))
        .body(proposal(4))
        .post(couple.sessions())
        .then()
        .statusCode(503)
        .body("type", equalTo("https://openup.app/problems/not-caught-up"));
    couple
        .alex()
        .request()
        .header(
            "Consistency-Token", ConsistencyTokens.ofANeedsDraftAfter("couple-" + couple.id(), 1))
        .body(proposal(5))
        .post(couple.sessions())
        .then()
        .statusCode(201);
  }
}
