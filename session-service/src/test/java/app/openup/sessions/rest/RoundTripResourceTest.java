package app.openup.sessions.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import app.openup.testkit.OpenUpTestResources;
import app.openup.testkit.PartnerTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = OpenUpTestResources.class, scope = TestResourceScope.GLOBAL)
class RoundTripResourceTest {

  private final PartnerTokens tokens = PartnerTokens.forTests();

  @Test
  void aRoundTripCrossesTheBrokerAndLandsInTheDatabase() {
    String token = tokens.forPartner(UUID.randomUUID());
    String id =
        given()
            .auth()
            .oauth2(token)
            .when()
            .post("/api/v1/round-trips")
            .then()
            .statusCode(202)
            .extract()
            .path("id");

    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(token)
                    .when()
                    .get("/api/v1/round-trips/" + id)
                    .then()
                    .statusCode(200)
                    .body("id", equalTo(id))
                    .body("receivedAt", notNullValue()));
  }

  @Test
  void anotherPartnerCannotSeeTheRoundTrip() {
    String id =
        given()
            .auth()
            .oauth2(tokens.forPartner(UUID.randomUUID()))
            .post("/api/v1/round-trips")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    given()
        .auth()
        .oauth2(tokens.forPartner(UUID.randomUUID()))
        .get("/api/v1/round-trips/" + id)
        .then()
        .statusCode(404);
  }

  @Test
  void withoutATokenNothingIsSent() {
    given().when().post("/api/v1/round-trips").then().statusCode(401);
  }
}
