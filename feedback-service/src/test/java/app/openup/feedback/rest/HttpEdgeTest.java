package app.openup.feedback.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.openup.feedback.support.Platform;
import app.openup.feedback.support.Platform.Couple;
import app.openup.testkit.HostileTokens;
import app.openup.testkit.ManagementMetrics;
import app.openup.testkit.OpenUpTestResources;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The edge as an attacker and an operator meet it: hostile tokens, the management port. */
@QuarkusTest
class HttpEdgeTest {

  private static final String PARTNER = UUID.randomUUID().toString();

  @Test
  void everyHostileTokenIsA401ProblemOnEveryOperation() {
    Couple couple = Platform.together();
    UUID praise = UUID.randomUUID();
    List<String[]> endpoints =
        List.of(
            new String[] {"GET", "/praise"},
            new String[] {"POST", "/praise"},
            new String[] {"GET", "/praise/" + praise},
            new String[] {"POST", "/praise/" + praise + "/withdraw"},
            new String[] {"GET", "/history"},
            new String[] {"GET", "/dashboard"},
            new String[] {"GET", "/me"},
            new String[] {"POST", "/comparisons/opt-in"},
            new String[] {"POST", "/comparisons/opt-out"});
    HostileTokens.against(Platform.TOKENS, PARTNER)
        .forEach(
            (what, token) -> {
              for (String[] endpoint : endpoints) {
                given()
                    .auth()
                    .oauth2(token)
                    .contentType(ContentType.JSON)
                    .body("{}")
                    .request(endpoint[0], couple.path(endpoint[1]))
                    .then()
                    .log()
                    .ifValidationFails()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://openup.app/problems/unauthenticated"));
              }
            });
  }

  @Test
  void healthMetricsAndTheProjectionsAreOnTheManagementPortOnly() {
    int management = OpenUpTestResources.managementPort();
    given().get("/q/metrics").then().statusCode(404);
    given().get("/q/projections").then().statusCode(404);
    // The consumer is a liveness matter: a broker outage must not take the reads out of service.
    given()
        .port(management)
        .get("/q/health/live")
        .then()
        .statusCode(200)
        .body(containsString("platform-events"));
    given()
        .port(management)
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body(org.hamcrest.Matchers.not(containsString("platform-events")));
    Couple couple = Platform.together();
    couple.alex().request().get(couple.path("/dashboard")).then().statusCode(200);
    given()
        .port(management)
        .get("/q/projections")
        .then()
        .statusCode(200)
        .body("name", hasItem("feedback-history"))
        .body("name", hasItem("feedback-praise"));
    given().port(management).post("/q/projections/nothing/rebuild").then().statusCode(404);
    String metrics = ManagementMetrics.once("kafka_consumer_fetch_manager_records_lag");
    for (String metric :
        List.of(
            "openup_relay_lag",
            "openup_projection_delay_seconds",
            "openup_projection_lag_events",
            "openup_projection_rebuild_progress",
            "kafka_consumer_fetch_manager_records_lag")) {
      assertTrue(metrics.contains(metric), metric + " is exported");
    }
    given()
        .get("/asyncapi/feedback.events.yaml")
        .then()
        .statusCode(200)
        .body(containsString("address: feedback.events"));
    given().get("/q/openapi").then().statusCode(200).body(containsString("/dashboard"));
  }
}
