package app.openup.needs.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.openup.eventing.ConsistencyToken;
import app.openup.testkit.ConsistencyTokens;
import app.openup.testkit.OpenUpTestResources;
import app.openup.testkit.PartnerTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The needs API end to end, against the real database and broker. */
@QuarkusTest
@WithTestResource(value = OpenUpTestResources.class, scope = TestResourceScope.GLOBAL)
class NeedsApiTest {

  static final PartnerTokens TOKENS = PartnerTokens.forTests();

  /**
   * Read-your-writes as a client does it: every read passes the consistency token of the last
   * command answered, and waits (bounded) until the read model has caught up with it.
   */
  static final java.util.concurrent.atomic.AtomicReference<String> LAST_TOKEN =
      new java.util.concurrent.atomic.AtomicReference<>();

  static final io.restassured.filter.Filter READ_YOUR_WRITES =
      (request, response, context) -> {
        String last = LAST_TOKEN.get();
        if ("GET".equals(request.getMethod()) && last != null) {
          request.header("Consistency-Token", last);
        }
        io.restassured.response.Response answered = context.next(request, response);
        String token = answered.header("Consistency-Token");
        if (token != null) {
          LAST_TOKEN.set(token);
        }
        return answered;
      };

  /** A partner with a token. */
  record Partner(UUID id, String token) {
    static Partner create() {
      UUID id = UUID.randomUUID();
      return new Partner(id, TOKENS.forPartner(id));
    }

    RequestSpecification request() {
      return given().filter(READ_YOUR_WRITES).auth().oauth2(token).contentType(ContentType.JSON);
    }
  }

  /** A couple of two partners, formed and joined through the API. */
  record Together(UUID coupleId, Partner alex, Partner sam) {}

  static Together together() {
    Partner alex = Partner.create();
    Partner sam = Partner.create();
    Response formed = alex.request().post("/api/v1/couples");
    formed.then().statusCode(201).body("status", equalTo("WAITING_FOR_PARTNER"));
    String code = formed.path("invitation.code");
    UUID coupleId = UUID.fromString(formed.path("id"));
    sam.request()
        .body(Map.of("code", code))
        .post("/api/v1/couples/join")
        .then()
        .statusCode(200)
        .body("status", equalTo("TOGETHER"))
        .body("partners", hasSize(2));
    return new Together(coupleId, alex, sam);
  }

  static String needs(UUID coupleId) {
    return "/api/v1/couples/" + coupleId + "/needs";
  }

  static UUID draft(Together couple, Partner author, String meaning) {
    return UUID.fromString(
        author
            .request()
            .body(Map.of("topic", "FINANCES", "meaning", meaning, "hopedOutcome", "a plan"))
            .post(needs(couple.coupleId()))
            .then()
            .statusCode(201)
            .extract()
            .path("id"));
  }

  @Test
  void aCoupleGoesThroughStepsOneAndTwo() {
    Together couple = together();
    Partner alex = couple.alex();
    Partner sam = couple.sam();
    String base = needs(couple.coupleId());

    Response drafted =
        alex.request()
            .body(Map.of("topic", "FINANCES", "meaning", "talk about money without blame"))
            .post(base);
    drafted
        .then()
        .statusCode(201)
        .header("ETag", "\"1\"")
        .header("Consistency-Token", notNullValue())
        .header("Location", containsString("/api/v1/couples/" + couple.coupleId() + "/needs/"))
        .body("status", equalTo("DRAFT"))
        .body("meaning.text", equalTo("talk about money without blame"));
    String needId = drafted.path("id");
    // The draft is never published: its token says so, and leads the other services to the
    // couple's event it was decided on (the couple as it stands), which they do receive.
    ConsistencyToken draftToken =
        ConsistencyToken.decode(drafted.header("Consistency-Token")).orElseThrow();
    assertFalse(draftToken.published());
    ConsistencyToken onTopic = draftToken.onTopic().orElseThrow();
    assertEquals("couple-" + couple.coupleId(), onTopic.streamId());
    int coupleVersion =
        alex.request().get("/api/v1/couples/" + couple.coupleId()).then().extract().path("version");
    assertEquals(coupleVersion, onTopic.streamVersion());

    // Step 1 is private: the partner neither sees nor lists the draft.
    sam.request().get(base + "/" + needId).then().statusCode(404);
    sam.request().get(base).then().statusCode(200).body("items", hasSize(0));
    alex.request().get(base).then().statusCode(200).body("items", hasSize(1));

    alex.request()
        .header("If-Match", "\"1\"")
        .body(Map.of("topic", "WORK_STRESS", "meaning", "talk about work"))
        .post(base + "/" + needId + "/revise")
        .then()
        .statusCode(200)
        .body("topic", equalTo("WORK_STRESS"));

    // Step 2: shared with why; the partner sees it and answers.
    alex.request()
        .body(Map.of("why", "I lie awake about it"))
        .post(base + "/" + needId + "/share")
        .then()
        .statusCode(200)
        .body("status", equalTo("SHARED"))
        .header("ETag", "\"3\"");
    sam.request()
        .get(base + "/" + needId)
        .then()
        .statusCode(200)
        .body("why.text", equalTo("I lie awake about it"))
        .body("meaning.text", equalTo("talk about work"));
    sam.request()
        .body(Map.of("heard", "work keeps you up at night"))
        .post(base + "/" + needId + "/acknowledge")
        .then()
        .statusCode(200)
        .body("acknowledgements[0].heard.text", equalTo("work keeps you up at night"));
    String questionId =
        sam.request()
            .body(Map.of("question", "what part of work weighs most?"))
            .post(base + "/" + needId + "/questions")
            .then()
            .statusCode(200)
            .extract()
            .path("questions[0].id");
    alex.request()
        .body(Map.of("answer", "the deadlines"))
        .post(base + "/" + needId + "/questions/" + questionId + "/answer")
        .then()
        .statusCode(200)
        .body("questions[0].answer.text", equalTo("the deadlines"));
    sam.request()
        .post(base + "/" + needId + "/met")
        .then()
        .statusCode(200)
        .body("status", equalTo("MET"))
        .body("metBy", equalTo(sam.id().toString()));
    sam.request().get(base).then().statusCode(200).body("items[0].status", equalTo("MET"));
  }

  @Test
  void rulesOfTheMethodAnswerWithANamedProblem() {
    Together couple = together();
    UUID needId = draft(couple, couple.alex(), "share the chores");
    String need = needs(couple.coupleId()) + "/" + needId;
    couple
        .alex()
        .request()
        .body(Map.of("why", "it matters"))
        .post(need + "/share")
        .then()
        .statusCode(200);
    couple
        .alex()
        .request()
        .body(Map.of("heard", "I heard myself"))
        .post(need + "/acknowledge")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("type", equalTo("https://openup.app/problems/rule/OnlyThePartnerAcknowledges"))
        .body("rule", equalTo("OnlyThePartnerAcknowledges"))
        .body("status", equalTo(409));
    couple
        .alex()
        .request()
        .body(Map.of("why", "again"))
        .post(need + "/share")
        .then()
        .statusCode(409)
        .body("rule", equalTo("AlreadyShared"));

    given()
        .port(OpenUpTestResources.managementPort())
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("openup_commands_refused_total{rule=\"OnlyThePartnerAcknowledges\"}"))
        .body(containsString("openup_commands_handled_total{command=\"ShareNeed\"}"))
        .body(containsString("openup_events_appended_total"))
        .body(containsString("openup_relay_lag_events"));
  }

  @Test
  void aCodeThatCannotBeUsedRevealsNothingOfItsCouple() {
    Partner alex = Partner.create();
    Response formed = alex.request().post("/api/v1/couples");
    String used = formed.path("invitation.code");
    Partner.create()
        .request()
        .body(Map.of("code", used))
        .post("/api/v1/couples/join")
        .then()
        .statusCode(200);
    // A couple that closed after its code was handed out.
    Partner robin = Partner.create();
    Response other = robin.request().post("/api/v1/couples");
    String ofClosed = other.path("invitation.code");
    robin.request().post("/api/v1/couples/" + other.path("id") + "/leave").then().statusCode(200);
    // A code replaced by a newer one.
    Partner lou = Partner.create();
    Response louFormed = lou.request().post("/api/v1/couples");
    String replaced = louFormed.path("invitation.code");
    lou.request()
        .post("/api/v1/couples/" + louFormed.path("id") + "/invitations")
        .then()
        .statusCode(201);

    for (String code : List.of(used, ofClosed, replaced, "not-a-code")) {
      Partner.create()
          .request()
          .body(Map.of("code", code))
          .post("/api/v1/couples/join")
          .then()
          .statusCode(404)
          .contentType("application/problem+json")
          .body("type", equalTo("https://openup.app/problems/not-found"))
          .body("detail", equalTo("There is nothing here that you can see."));
    }
  }

  @Test
  void afterALeaveEachPartnerSeesOnlyWhatTheyWroteThemselves() {
    Together couple = together();
    UUID alexNeed = draft(couple, couple.alex(), "more evenings together");
    UUID samNeed = draft(couple, couple.sam(), "quiet mornings");
    String alexs = needs(couple.coupleId()) + "/" + alexNeed;
    String sams = needs(couple.coupleId()) + "/" + samNeed;
    couple
        .alex()
        .request()
        .body(Map.of("why", "I miss you"))
        .post(alexs + "/share")
        .then()
        .statusCode(200);
    couple
        .sam()
        .request()
        .body(Map.of("why", "I need calm"))
        .post(sams + "/share")
        .then()
        .statusCode(200);
    couple
        .sam()
        .request()
        .body(Map.of("heard", "you miss me"))
        .post(alexs + "/acknowledge")
        .then()
        .statusCode(200);
    couple
        .alex()
        .request()
        .body(Map.of("question", "since when?"))
        .post(sams + "/questions")
        .then()
        .statusCode(200);
    couple
        .alex()
        .request()
        .body(Map.of("heard", "you need calm"))
        .post(sams + "/acknowledge")
        .then()
        .statusCode(200);

    couple
        .alex()
        .request()
        .post("/api/v1/couples/" + couple.coupleId() + "/leave")
        .then()
        .statusCode(200)
        .body("status", equalTo("CLOSED"))
        .body("partners", contains(couple.alex().id().toString()));

    // Both directions: each sees their own need, nothing on it from the other, and nothing of the
    // other's need: not the words, the topic, the status, the counts or the times.
    for (Partner reader : List.of(couple.alex(), couple.sam())) {
      boolean isAlex = reader == couple.alex();
      String own = isAlex ? alexs : sams;
      String others = isAlex ? sams : alexs;
      UUID ownId = isAlex ? alexNeed : samNeed;
      reader
          .request()
          .get(own)
          .then()
          .statusCode(200)
          .body("why.visibility", equalTo("SHOWN"))
          .body("acknowledgements", hasSize(0))
          .body("questions", hasSize(0));
      reader.request().get(others).then().statusCode(404);
      reader
          .request()
          .get(needs(couple.coupleId()))
          .then()
          .statusCode(200)
          .body("items", hasSize(1))
          .body("items[0].id", equalTo(ownId.toString()))
          .body("items[0].acknowledgements", equalTo(0))
          .body("items[0].openQuestions", equalTo(0));
      reader
          .request()
          .get("/api/v1/couples/" + couple.coupleId())
          .then()
          .statusCode(200)
          .body("status", equalTo("CLOSED"))
          .body("partners", contains(reader.id().toString()));
      reader
          .request()
          .body(Map.of("heard", "anything"))
          .post(others + "/acknowledge")
          .then()
          .statusCode(404);
    }
    couple
        .sam()
        .request()
        .body(Map.of("topic", "HEALTH", "meaning", "after"))
        .post(needs(couple.coupleId()))
        .then()
        .statusCode(409)
        .body("rule", equalTo("CoupleIsOpen"));
  }

  @Test
  void aWriteRacingALeaveIsDecidedOnTheClosedCouple() throws Exception {
    for (int round = 0; round < 10; round++) {
      Together couple = together();
      UUID needId = draft(couple, couple.alex(), "race " + round);
      String need = needs(couple.coupleId()) + "/" + needId;
      couple
          .alex()
          .request()
          .body(Map.of("why", "why"))
          .post(need + "/share")
          .then()
          .statusCode(200);
      CompletableFuture<Integer> acknowledge =
          CompletableFuture.supplyAsync(
              () ->
                  couple
                      .sam()
                      .request()
                      .body(Map.of("heard", "heard"))
                      .post(need + "/acknowledge")
                      .statusCode());
      CompletableFuture<Integer> leave =
          CompletableFuture.supplyAsync(
              () ->
                  couple
                      .alex()
                      .request()
                      .post("/api/v1/couples/" + couple.coupleId() + "/leave")
                      .statusCode());
      assertEquals(200, leave.get());
      int acknowledged = acknowledge.get();
      assertTrue(
          acknowledged == 200 || acknowledged == 404, "round " + round + ": " + acknowledged);
      // Whatever won, no need event is stored after the couple closed.
      assertEquals(0, eventsAfterTheClose(couple.coupleId()), "round " + round);
    }
  }

  /** Need events of the couple written by transactions that began after the couple closed. */
  private static long eventsAfterTheClose(UUID coupleId) throws Exception {
    String url =
        org.eclipse.microprofile.config.ConfigProvider.getConfig()
            .getValue("quarkus.datasource.jdbc.url", String.class);
    var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection(
                url,
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
        java.sql.PreparedStatement q =
            c.prepareStatement(
                "select count(*) from event_store n, event_store l where n.partition_key = ?"
                    + " and l.partition_key = ? and n.stream_id like 'need-%'"
                    + " and l.event_type = 'app.openup.couple.partner-left.v1'"
                    + " and n.tx_id > l.tx_id")) {
      q.setObject(1, coupleId);
      q.setObject(2, coupleId);
      try (java.sql.ResultSet r = q.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  @Test
  void anErasedPartnerIsLockedOutEverywhereAndErasingAgainChangesNothing() {
    Together couple = together();
    // Another couple's inviter hands Alex a fresh code: after erasure it must not let Alex in.
    Partner kim = Partner.create();
    String code =
        kim.request()
            .post("/api/v1/couples")
            .then()
            .statusCode(201)
            .extract()
            .path("invitation.code");
    UUID needId = draft(couple, couple.alex(), "my private words");

    couple.alex().request().delete("/api/v1/partners/me").then().statusCode(204);
    couple.alex().request().delete("/api/v1/partners/me").then().statusCode(204);

    for (String[] call :
        new String[][] {
          {"POST", "/api/v1/couples", null},
          {"POST", "/api/v1/couples/join", "{\"code\":\"" + code + "\"}"},
          {"GET", "/api/v1/couples", null},
          {"GET", "/api/v1/couples/" + couple.coupleId(), null},
          {"GET", needs(couple.coupleId()), null},
          {"GET", needs(couple.coupleId()) + "/" + needId, null},
          {"POST", needs(couple.coupleId()), "{\"topic\":\"OTHER\",\"meaning\":\"x\"}"},
          {"POST", "/api/v1/couples/" + couple.coupleId() + "/leave", null},
        }) {
      var request = couple.alex().request();
      if (call[2] != null) {
        request = request.body(call[2]);
      }
      request
          .request(call[0], call[1])
          .then()
          .statusCode(410)
          .contentType("application/problem+json")
          .body("type", equalTo("https://openup.app/problems/erased"));
    }
    // The code is still Kim's to give: Alex's attempt used nothing of it.
    Partner lee = Partner.create();
    lee.request().body(Map.of("code", code)).post("/api/v1/couples/join").then().statusCode(200);
  }

  @Test
  void aTokenWhoseSubjectIsNoPartnerIdIsUnauthenticated() {
    String token = TOKENS.forSubject("auth0|123", java.time.Duration.ofMinutes(5));
    given()
        .auth()
        .oauth2(token)
        .get("/api/v1/couples")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
  }

  @Test
  void idempotencyKeysBelongToTheirPartner() {
    Together first = together();
    Together second = together();
    Map<String, String> body = Map.of("topic", "HEALTH", "meaning", "sleep");
    String a =
        first
            .alex()
            .request()
            .header("Idempotency-Key", "1")
            .body(body)
            .post(needs(first.coupleId()))
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    String b =
        second
            .alex()
            .request()
            .header("Idempotency-Key", "1")
            .body(body)
            .post(needs(second.coupleId()))
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    org.junit.jupiter.api.Assertions.assertNotEquals(a, b);
  }

  @Test
  void aStrangerWithAValidTokenFindsNothingOnAnyEndpointOfAnotherCouple() throws Exception {
    Together couple = together();
    UUID needId = draft(couple, couple.alex(), "strangers must not see this");
    String need = needs(couple.coupleId()) + "/" + needId;
    couple
        .alex()
        .request()
        .body(Map.of("why", "because"))
        .post(need + "/share")
        .then()
        .statusCode(200);
    String couplePath = "/api/v1/couples/" + couple.coupleId();
    UUID question = UUID.randomUUID();
    List<String[]> endpoints =
        List.of(
            new String[] {"GET", couplePath, null},
            new String[] {"POST", couplePath + "/invitations", null},
            new String[] {"GET", couplePath + "/invitation", null},
            new String[] {"POST", couplePath + "/leave", null},
            new String[] {"GET", needs(couple.coupleId()), null},
            new String[] {
              "POST", needs(couple.coupleId()), "{\"topic\":\"OTHER\",\"meaning\":\"x\"}"
            },
            new String[] {"GET", need, null},
            new String[] {"POST", need + "/revise", "{\"topic\":\"OTHER\",\"meaning\":\"x\"}"},
            new String[] {"POST", need + "/discard", null},
            new String[] {"POST", need + "/share", "{\"why\":\"x\"}"},
            new String[] {"POST", need + "/acknowledge", "{\"heard\":\"x\"}"},
            new String[] {"POST", need + "/questions", "{\"question\":\"x\"}"},
            new String[] {
              "POST", need + "/questions/" + question + "/answer", "{\"answer\":\"x\"}"
            },
            new String[] {"POST", need + "/met", null},
            new String[] {"POST", need + "/withdraw", null});
    Partner stranger = Partner.create();
    for (String[] endpoint : endpoints) {
      RequestSpecification request = stranger.request();
      if (endpoint[2] != null) {
        request.body(endpoint[2]);
      }
      request
          .request(endpoint[0], endpoint[1])
          .then()
          .statusCode(404)
          .contentType("application/problem+json")
          .body("type", equalTo("https://openup.app/problems/not-found"));
    }
    couple.alex().request().get(need).then().statusCode(200).body("status", equalTo("SHARED"));
    // Membership is checked before anything is made: the stranger's words made them no key.
    assertEquals(0, keysOf(stranger.id()), "a stranger's request made no vault key");
  }

  /** How many vault keys (or tombstones) the key store holds for a partner. */
  private static long keysOf(UUID partner) throws Exception {
    var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection(
                config.getValue("quarkus.datasource.\"keys\".jdbc.url", String.class),
                config.getValue("quarkus.datasource.\"keys\".username", String.class),
                config
                    .getOptionalValue("quarkus.datasource.\"keys\".password", String.class)
                    .orElse(""));
        java.sql.PreparedStatement q =
            c.prepareStatement("select count(*) from vault_key where subject = ?")) {
      q.setObject(1, partner);
      try (java.sql.ResultSet r = q.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  @Test
  void anIdempotencyKeySentAgainWithAnotherRequestIsRefusedAndChangesNothing() {
    Together couple = together();
    String key = "draft-" + UUID.randomUUID();
    couple
        .alex()
        .request()
        .header("Idempotency-Key", key)
        .body(Map.of("topic", "HEALTH", "meaning", "sleep"))
        .post(needs(couple.coupleId()))
        .then()
        .statusCode(201);
    couple
        .alex()
        .request()
        .header("Idempotency-Key", key)
        .body(Map.of("topic", "HEALTH", "meaning", "something else"))
        .post(needs(couple.coupleId()))
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("type", equalTo("https://openup.app/problems/idempotency-key-reused"));
    couple.alex().request().get(needs(couple.coupleId())).then().body("items", hasSize(1));
  }

  @Test
  void aRetriedFormGetsItsFirstAnswerAlsoAfterThePartnerJoined() {
    Partner kim = Partner.create();
    String key = "couple-" + UUID.randomUUID();
    Response first = kim.request().header("Idempotency-Key", key).post("/api/v1/couples");
    first.then().statusCode(201);
    Partner.create()
        .request()
        .body(Map.of("code", first.<String>path("invitation.code")))
        .post("/api/v1/couples/join")
        .then()
        .statusCode(200);
    kim.request()
        .header("Idempotency-Key", key)
        .post("/api/v1/couples")
        .then()
        .statusCode(201)
        .body("id", equalTo(first.<String>path("id")))
        .body("invitation.code", equalTo(first.<String>path("invitation.code")));
  }

  @Test
  void twoConcurrentCommandsAtOneVersionGiveOneSuccessAndOneConflict() {
    Together couple = together();
    UUID needId = draft(couple, couple.alex(), "concurrency");
    String need = needs(couple.coupleId()) + "/" + needId;
    couple.alex().request().body(Map.of("why", "x")).post(need + "/share").then().statusCode(200);
    List<CompletableFuture<Integer>> racers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      int n = i;
      racers.add(
          CompletableFuture.supplyAsync(
              () ->
                  couple
                      .sam()
                      .request()
                      .header("If-Match", "\"2\"")
                      .body(Map.of("heard", "heard " + n))
                      .post(need + "/acknowledge")
                      .statusCode()));
    }
    List<Integer> statuses = racers.stream().map(CompletableFuture::join).sorted().toList();
    assertEquals(List.of(200, 409), statuses);
    couple
        .sam()
        .request()
        .get(need)
        .then()
        .body("acknowledgements", hasSize(1))
        .header("ETag", "\"3\"");
  }

  @Test
  void theSameIdempotencyKeyTwiceDraftsOnce() {
    Together couple = together();
    String key = "draft-" + UUID.randomUUID();
    Map<String, String> body = Map.of("topic", "HEALTH", "meaning", "sleep");
    String first =
        couple
            .alex()
            .request()
            .header("Idempotency-Key", key)
            .body(body)
            .post(needs(couple.coupleId()))
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    String second =
        couple
            .alex()
            .request()
            .header("Idempotency-Key", key)
            .body(body)
            .post(needs(couple.coupleId()))
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    assertEquals(first, second);
    couple.alex().request().get(needs(couple.coupleId())).then().body("items", hasSize(1));

    String coupleKey = "couple-" + UUID.randomUUID();
    Partner kim = Partner.create();
    Response once = kim.request().header("Idempotency-Key", coupleKey).post("/api/v1/couples");
    Response twice = kim.request().header("Idempotency-Key", coupleKey).post("/api/v1/couples");
    assertEquals(once.<String>path("id"), twice.<String>path("id"));
    assertEquals(once.<String>path("invitation.code"), twice.<String>path("invitation.code"));
    kim.request().get("/api/v1/couples").then().body("items", hasSize(1));
  }

  @Test
  void aPartnersCouplesAreListedTheLatestFirst() {
    Partner robin = Partner.create();
    String first =
        robin.request().post("/api/v1/couples").then().statusCode(201).extract().path("id");
    String second =
        robin.request().post("/api/v1/couples").then().statusCode(201).extract().path("id");
    robin
        .request()
        .get("/api/v1/couples")
        .then()
        .statusCode(200)
        .body("items.id", contains(second, first))
        .body("nextCursor", nullValue());
    Response page = robin.request().queryParam("limit", 1).get("/api/v1/couples");
    page.then().statusCode(200).body("items.id", contains(second));
    robin
        .request()
        .queryParam("limit", 1)
        .queryParam("cursor", page.<String>path("nextCursor"))
        .get("/api/v1/couples")
        .then()
        .statusCode(200)
        .body("items.id", contains(first))
        .body("nextCursor", nullValue());
  }

  @Test
  void listsArePagedNewestFirstWithACursor() {
    Together couple = together();
    List<UUID> drafted = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      drafted.add(draft(couple, couple.alex(), "need " + i));
    }
    Response first = couple.alex().request().queryParam("limit", 2).get(needs(couple.coupleId()));
    first
        .then()
        .statusCode(200)
        .body("items", hasSize(2))
        .body("items[0].id", equalTo(drafted.get(4).toString()));
    String cursor = first.path("nextCursor");
    Response second =
        couple
            .alex()
            .request()
            .queryParam("limit", 2)
            .queryParam("cursor", cursor)
            .get(needs(couple.coupleId()));
    second.then().body("items[0].id", equalTo(drafted.get(2).toString()));
    Response last =
        couple
            .alex()
            .request()
            .queryParam("limit", 2)
            .queryParam("cursor", second.<String>path("nextCursor"))
            .get(needs(couple.coupleId()));
    last.then().body("items", hasSize(1)).body("nextCursor", nullValue());
    couple
        .alex()
        .request()
        .queryParam("cursor", "garbage!")
        .get(needs(couple.coupleId()))
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("cursor"));
  }

  @Test
  void badInputGetsTheRightProblemAndChangesNothing() {
    Together couple = together();
    String base = needs(couple.coupleId());
    Partner alex = couple.alex();
    String tooLong = "x".repeat(4001);
    Object[][] cases = {
      {"{not json", 400, null},
      {"{\"topic\":\"FINANCES\",\"meaning\":\"m\",\"mood\":\"x\"}", 400, "mood"},
      {"{\"topic\":\"FINANCES\",\"meaning\":[1,2]}", 400, "meaning"},
      {"{\"topic\":\"FINANCES\",\"meaning\":\"\"}", 400, "meaning"},
      {"{\"topic\":\"FINANCES\",\"meaning\":\"   \"}", 400, "meaning"},
      {"{\"topic\":\"FINANCES\",\"meaning\":\"" + tooLong + "\"}", 400, "meaning"},
      {"{\"topic\":\"ASTROLOGY\",\"meaning\":\"m\"}", 400, "topic"},
      {"{\"meaning\":\"m\"}", 400, "topic"},
      {"{\"topic\":\"FINANCES\",\"meaning\":\"m\",\"hopedOutcome\":\"\"}", 400, "hopedOutcome"},
    };
    for (Object[] c : cases) {
      var response =
          alex.request()
              .body((String) c[0])
              .post(base)
              .then()
              .log()
              .ifValidationFails()
              .statusCode((Integer) c[1])
              .contentType("application/problem+json")
              .body("type", equalTo("https://openup.app/problems/invalid-input"));
      if (c[2] != null) {
        response.body("errors[0].field", equalTo(c[2]));
      }
    }
    alex.request()
        .body("x".repeat(70_000))
        .post(base)
        .then()
        .statusCode(413)
        .contentType("application/problem+json");
    alex.request()
        .contentType(ContentType.TEXT)
        .body("meaning")
        .post(base)
        .then()
        .statusCode(415)
        .contentType("application/problem+json");
    alex.request()
        .get("/api/v1/couples/not-a-uuid/needs")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    alex.request().get(base + "/not-a-uuid").then().statusCode(404);
    alex.request()
        .header("If-Match", "yesterday")
        .post(base + "/" + UUID.randomUUID() + "/met")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("If-Match"));
    alex.request()
        .header("Idempotency-Key", "spaces are not allowed")
        .body("{\"topic\":\"OTHER\",\"meaning\":\"m\"}")
        .post(base)
        .then()
        .statusCode(400);
    given()
        .get(base)
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", "Bearer");
    given().auth().oauth2("not.a.token").get(base).then().statusCode(401);

    alex.request().get(base).then().statusCode(200).body("items", hasSize(0));
  }

  @Test
  void anInvalidTokenIsNotEnoughEvenWithTheRightSubject() {
    Together couple = together();
    String forged =
        couple.alex().token().substring(0, couple.alex().token().lastIndexOf('.')) + ".AAAA";
    given().auth().oauth2(forged).get(needs(couple.coupleId())).then().statusCode(401);
    couple.alex().request().get(needs(couple.coupleId())).then().statusCode(200);
  }

  @Test
  void aReadWhoseTokenIsNotReachedInTimeIsAnsweredNotCaughtUp() {
    Together couple = together();
    String never = ConsistencyTokens.neverComing("needs", "couple-" + couple.coupleId());
    for (String path :
        List.of(
            "/api/v1/couples/" + couple.coupleId(), needs(couple.coupleId()), "/api/v1/couples")) {
      given()
          .auth()
          .oauth2(couple.alex().token())
          .header("Consistency-Token", never)
          .get(path)
          .then()
          .statusCode(503)
          .header("Retry-After", "1")
          .contentType("application/problem+json")
          .body("type", equalTo("https://openup.app/problems/not-caught-up"));
    }
    // Without it, the couple is there: the answer was "not yet", never "no such couple".
    given()
        .auth()
        .oauth2(couple.alex().token())
        .get("/api/v1/couples/" + couple.coupleId())
        .then()
        .statusCode(200);
  }
}
