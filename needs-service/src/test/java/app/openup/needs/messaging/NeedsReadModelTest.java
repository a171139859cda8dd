package app.openup.needs.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.openup.eventing.quarkus.StoreProjections;
import app.openup.testkit.ManagementMetrics;
import app.openup.testkit.PartnerTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The read model: read-your-writes with a token, and a rebuild that answers the same. */
@QuarkusTest
class NeedsReadModelTest {

  private static final PartnerTokens TOKENS = PartnerTokens.forTests();

  @Inject StoreProjections projections;

  @Inject Pool pool;

  @Test
  void aReadWithTheTokenOfACommandSeesThatCommand() {
    UUID alex = UUID.randomUUID();
    for (int i = 0; i < 20; i++) {
      Response formed = given().auth().oauth2(TOKENS.forPartner(alex)).post("/api/v1/couples");
      formed.then().statusCode(201);
      readWithToken(alex, formed).statusCode(200).header("ETag", "\"2\"");
    }
  }

  @Test
  void aRebuildFromTheStoreAnswersEveryReadAsTheLiveReadModelDid() {
    UUID alex = UUID.randomUUID();
    UUID sam = UUID.randomUUID();
    Response formed = given().auth().oauth2(TOKENS.forPartner(alex)).post("/api/v1/couples");
    String coupleId = formed.path("id");
    given()
        .auth()
        .oauth2(TOKENS.forPartner(sam))
        .contentType(ContentType.JSON)
        .body(Map.of("code", formed.<String>path("invitation.code")))
        .post("/api/v1/couples/join")
        .then()
        .statusCode(200);
    String token = null;
    for (int i = 0; i < 5; i++) {
      Response drafted =
          given()
              .auth()
              .oauth2(TOKENS.forPartner(i % 2 == 0 ? alex : sam))
              .contentType(ContentType.JSON)
              .body(Map.of("topic", "HEALTH", "meaning", "need " + i))
              .post("/api/v1/couples/" + coupleId + "/needs");
      drafted.then().statusCode(201);
      Response shared =
          given()
              .auth()
              .oauth2(TOKENS.forPartner(i % 2 == 0 ? alex : sam))
              .contentType(ContentType.JSON)
              .body(Map.of("why", "because " + i))
              .post("/api/v1/couples/" + coupleId + "/needs/" + drafted.path("id") + "/share");
      shared.then().statusCode(200);
      token = shared.header("Consistency-Token");
    }
    String before = list(alex, coupleId, token);
    int active =
        projections.activeVersion(NeedsReadModel.NAME).await().atMost(Duration.ofSeconds(10));

    int rebuilt = projections.rebuild(NeedsReadModel.NAME).await().atMost(Duration.ofSeconds(10));
    assertEquals(active + 1, rebuilt);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                projections.activeVersion(NeedsReadModel.NAME).await().atMost(Duration.ofSeconds(5))
                    == rebuilt);
    assertEquals(before, list(alex, coupleId, token), "the rebuilt read model answers the same");
    assertTrue(before.contains("need") || before.contains("HEALTH"));
  }

  /**
   * Turns keep running while a rebuild empties and resets its version: whatever they applied before
   * the version was ready must not be applied twice (once this failed on a duplicate row and the
   * rebuild never caught up).
   */
  @Test
  void rebuildsWhileCommandsKeepComingMissNothingAndRepeatNothing() throws Exception {
    UUID alex = UUID.randomUUID();
    Response formed = given().auth().oauth2(TOKENS.forPartner(alex)).post("/api/v1/couples");
    String coupleId = formed.path("id");
    AtomicReference<String> token = new AtomicReference<>(formed.header("Consistency-Token"));
    AtomicInteger drafted = new AtomicInteger();
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService writer = Executors.newSingleThreadExecutor();
    Future<?> writes =
        writer.submit(
            () -> {
              while (writing.get()) {
                Response need =
                    given()
                        .auth()
                        .oauth2(TOKENS.forPartner(alex))
                        .contentType(ContentType.JSON)
                        .body(Map.of("topic", "WORK_STRESS", "meaning", "a need"))
                        .post("/api/v1/couples/" + coupleId + "/needs");
                need.then().statusCode(201);
                drafted.incrementAndGet();
                token.set(need.header("Consistency-Token"));
              }
            });
    try {
      for (int round = 0; round < 3; round++) {
        int rebuilt =
            projections.rebuild(NeedsReadModel.NAME).await().atMost(Duration.ofSeconds(10));
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    projections
                            .activeVersion(NeedsReadModel.NAME)
                            .await()
                            .atMost(Duration.ofSeconds(5))
                        == rebuilt);
      }
    } finally {
      writing.set(false);
      writes.get(30, TimeUnit.SECONDS);
      writer.shutdown();
    }
    int listed = 0;
    String cursor = null;
    do {
      var request =
          given()
              .auth()
              .oauth2(TOKENS.forPartner(alex))
              .header("Consistency-Token", token.get())
              .queryParam("limit", 100);
      if (cursor != null) {
        request.queryParam("cursor", cursor);
      }
      Response page = request.get("/api/v1/couples/" + coupleId + "/needs");
      page.then().statusCode(200);
      listed += page.<List<Object>>path("items").size();
      cursor = page.path("nextCursor");
    } while (cursor != null);
    assertTrue(drafted.get() > 0);
    assertEquals(drafted.get(), listed, "every need drafted during the rebuilds, once");
  }

  /**
   * A read model whose turns keep failing says so. Its position is moved back to the start behind
   * its back, so each turn applies the first couple's formation again and fails on the row it wrote
   * the first time, for as long as nobody steps in. The failed turns are counted and the lag shows
   * how far behind it stands (it used to keep the figure it had when last caught up); a rebuild,
   * the runbook's remedy, brings it back.
   */
  @Test
  void aReadModelWhoseTurnsKeepFailingShowsItsFailuresAndLagUntilItIsRebuilt() {
    UUID alex = UUID.randomUUID();
    given().auth().oauth2(TOKENS.forPartner(alex)).post("/api/v1/couples").then().statusCode(201);
    await().atMost(Duration.ofSeconds(30)).until(() -> metric("openup_projection_lag_events") == 0);
    double failedBefore = metric("openup_projection_turn_failures_total");
    int active =
        projections.activeVersion(NeedsReadModel.NAME).await().atMost(Duration.ofSeconds(5));
    pool.preparedQuery(
            "update projection_feed set tx_id = '0', global_position = 0"
                + " where projection = $1 and version = $2")
        .execute(Tuple.of(NeedsReadModel.NAME, active))
        .await()
        .atMost(Duration.ofSeconds(5));

    Response formed = given().auth().oauth2(TOKENS.forPartner(alex)).post("/api/v1/couples");
    formed.then().statusCode(201);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                metric("openup_projection_turn_failures_total") > failedBefore
                    && metric("openup_projection_lag_events") > 0);

    int rebuilt = projections.rebuild(NeedsReadModel.NAME).await().atMost(Duration.ofSeconds(10));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                projections.activeVersion(NeedsReadModel.NAME).await().atMost(Duration.ofSeconds(5))
                        == rebuilt
                    && metric("openup_projection_lag_events") == 0);
    readWithToken(alex, formed).statusCode(200);
  }

  /** The needs read model's value of a metric, from the management interface. */
  private static double metric(String name) {
    return ManagementMetrics.sum(name, "projection=\"" + NeedsReadModel.NAME + "\"");
  }

  /** A partner's read of the couple a command formed, with the command's token. */
  private static ValidatableResponse readWithToken(UUID reader, Response formed) {
    return given()
        .auth()
        .oauth2(TOKENS.forPartner(reader))
        .header("Consistency-Token", formed.header("Consistency-Token"))
        .get("/api/v1/couples/" + formed.path("id"))
        .then();
  }

  private static String list(UUID reader, String coupleId, String token) {
    return given()
        .auth()
        .oauth2(TOKENS.forPartner(reader))
        .header("Consistency-Token", token)
        .get("/api/v1/couples/" + coupleId + "/needs")
        .then()
        .statusCode(200)
        .extract()
        .asString();
  }
}
