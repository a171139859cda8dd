package app.openup.needs.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.openup.eventing.quarkus.StoreProjections;
import app.openup.testkit.PartnerTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The read model: read-your-writes with a token, and a rebuild that answers the same. */
@QuarkusTest
class NeedsReadModelTest {

  private static final PartnerTokens TOKENS = PartnerTokens.forTests();

  @Inject StoreProjections projections;

  @Test
  void aReadWithTheTokenOfACommandSeesThatCommand() {
    UUID alex = UUID.randomUUID();
    for (int i = 0; i < 20; i++) {
      Response formed = given().auth().oauth2(TOKENS.forPartner(alex)).post("/api/v1/couples");
      formed.then().statusCode(201);
      given()
          .auth()
          .oauth2(TOKENS.forPartner(alex))
          .header("Consistency-Token", formed.header("Consistency-Token"))
          .get("/api/v1/couples/" + formed.path("id"))
          .then()
          .statusCode(200)
          .header("ETag", "\"2\"");
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
