package app.openup.sessions.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.openup.sessions.rest.Couples.Couple;
import app.openup.testkit.HostileTokens;
import app.openup.testkit.ManagementMetrics;
import app.openup.testkit.OpenUpTestResources;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The edge as an attacker meets it: hostile tokens, oversized bodies, the management port. */
@QuarkusTest
class HttpEdgeTest {

  private static final String PARTNER = UUID.randomUUID().toString();

  @Test
  void everyHostileTokenIsA401ProblemOnEveryOperation() {
    Couple couple = Couples.together();
    String id = Couples.started(couple);
    String session = couple.session(id);
    List<String[]> endpoints = new ArrayList<>();
    endpoints.add(new String[] {"GET", couple.sessions()});
    endpoints.add(new String[] {"POST", couple.sessions()});
    endpoints.add(new String[] {"GET", session});
    for (String command :
        List.of(
            "reschedule",
            "accept",
            "decline",
            "postpone",
            "check-ins",
            "start",
            "shares",
            "questions",
            "defensive-moments",
            "close",
            "ratings")) {
      endpoints.add(new String[] {"POST", session + "/" + command});
    }
    String before = couple.alex().request().get(session).header("ETag");
    HostileTokens.against(Couples.TOKENS, PARTNER)
        .forEach(
            (what, token) -> {
              for (String[] endpoint : endpoints) {
                given()
                    .auth()
                    .oauth2(token)
                    .contentType(ContentType.JSON)
                    .body("{}")
                    .request(endpoint[0], endpoint[1])
                    .then()
                    .log()
                    .ifValidationFails()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://openup.app/problems/unauthenticated"));
              }
            });
    // A token the partner really holds is let in: no hostile one changed anything.
    given()
        .auth()
        .oauth2(Couples.TOKENS.forPartner(couple.alex().id()))
        .get(session)
        .then()
        .statusCode(200)
        .header("ETag", before);
    given()
        .auth()
        .oauth2(Couples.TOKENS.sign(Couples.TOKENS.builder(PARTNER)))
        .get(couple.sessions())
        .then()
        .statusCode(404);
  }

  @Test
  void aBodyOverTheLimitIsRefusedWhateverItsTransferEncoding() throws Exception {
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    String token = Couples.TOKENS.forPartner(UUID.randomUUID());
    byte[] big =
        ("{\"depth\":\"DEEP\",\"kind\":\"FEELING\",\"text\":\"" + "x".repeat(70_000) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    HttpClient client = HttpClient.newHttpClient();
    for (boolean chunked : new boolean[] {false, true}) {
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create(
                      "http://localhost:"
                          + port
                          + "/api/v1/couples/"
                          + UUID.randomUUID()
                          + "/sessions/"
                          + UUID.randomUUID()
                          + "/shares"))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .POST(
                  chunked
                      ? HttpRequest.BodyPublishers.ofInputStream(
                          () -> new ByteArrayInputStream(big))
                      : HttpRequest.BodyPublishers.ofByteArray(big))
              .build();
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      assertEquals(413, response.statusCode(), "chunked=" + chunked);
      assertTrue(response.body().contains("/problems/too-large"), response.body());
    }
  }

  @Test
  void healthAndMetricsAreOnTheManagementPortOnly() {
    int management = OpenUpTestResources.managementPort();
    given().get("/q/metrics").then().statusCode(404);
    given().get("/q/health/ready").then().statusCode(404);
    given()
        .port(management)
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body(org.hamcrest.Matchers.not(containsString("needs-events")));
    given()
        .port(management)
        .get("/q/health/live")
        .then()
        .statusCode(200)
        .body(containsString("needs-events"));
    given()
        .port(management)
        .get("/q/health/well")
        .then()
        .statusCode(200)
        .body("checks.name", org.hamcrest.Matchers.hasItem("event-relay"));
    Couple couple = Couples.together();
    String id = Couples.proposed(couple, 11);
    couple.alex().request().post(couple.session(id) + "/accept").then().statusCode(409);
    String metrics = ManagementMetrics.once("kafka_consumer_fetch_manager_records_lag");
    for (String metric :
        List.of(
            "openup_commands_handled_total{command=\"ProposeSession\"",
            "openup_events_appended_total",
            "openup_commands_refused_total{rule=\"TheOtherPartnerAnswers\"",
            "openup_relay_lag",
            "openup_consumer_dead_letters_total",
            "kafka_consumer_fetch_manager_records_lag")) {
      assertTrue(metrics.contains(metric), metric + " is exported");
    }
    assertTrue(!metrics.contains("calm"), "no readiness number is ever a metric");
    given()
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body(containsString("/sessions/{sessionId}/check-ins"));
  }
}
