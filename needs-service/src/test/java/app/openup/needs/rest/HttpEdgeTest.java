package app.openup.needs.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.openup.support.rest.VerifiedTokens;
import app.openup.testkit.HostileTokens;
import app.openup.testkit.OpenUpTestResources;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The edge as an attacker meets it: hostile tokens, oversized bodies, the management port. */
@QuarkusTest
class HttpEdgeTest {

  private static final String PARTNER = UUID.randomUUID().toString();

  @Inject JWTParser parser;

  @Test
  void bearerTokensAreVerifiedThroughTheBoundedCacheOfVerifiedTokens() {
    // The hostile tokens below reach each endpoint in turn: those validly signed are kept after
    // the first, and must still be refused on every later request.
    assertInstanceOf(VerifiedTokens.class, parser);
  }

  @Test
  void everyHostileTokenIsA401ProblemOnEveryKindOfEndpoint() {
    UUID couple = UUID.randomUUID();
    List<String[]> endpoints =
        List.of(
            new String[] {"GET", "/api/v1/couples"},
            new String[] {"POST", "/api/v1/couples"},
            new String[] {"GET", "/api/v1/couples/" + couple},
            new String[] {"GET", "/api/v1/couples/" + couple + "/needs"},
            new String[] {"POST", "/api/v1/couples/" + couple + "/leave"},
            new String[] {"DELETE", "/api/v1/partners/me"});
    HostileTokens.against(NeedsApiTest.TOKENS, PARTNER)
        .forEach(
            (what, token) -> {
              for (String[] endpoint : endpoints) {
                given()
                    .auth()
                    .oauth2(token)
                    .contentType(ContentType.JSON)
                    .request(endpoint[0], endpoint[1])
                    .then()
                    .log()
                    .ifValidationFails()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://openup.app/problems/unauthenticated"));
              }
            });
    // The token every hostile one was made from is a partner's, and is let in.
    given()
        .auth()
        .oauth2(NeedsApiTest.TOKENS.sign(NeedsApiTest.TOKENS.builder(PARTNER)))
        .get("/api/v1/couples")
        .then()
        .statusCode(200);
  }

  @Test
  void aBodyOverTheLimitIsRefusedWhateverItsTransferEncoding() throws Exception {
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    String token = NeedsApiTest.TOKENS.forPartner(UUID.randomUUID());
    byte[] big =
        ("{\"topic\":\"FINANCES\",\"meaning\":\"" + "x".repeat(70_000) + "\"}")
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
                          + "/needs"))
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
      assertEquals(
          "application/problem+json",
          response.headers().firstValue("content-type").orElse(""),
          "chunked=" + chunked);
      assertTrue(response.body().contains("/problems/too-large"), response.body());
    }
  }

  @Test
  void healthAndMetricsAreOnTheManagementPortOnly() {
    given().get("/q/metrics").then().statusCode(404);
    given().get("/q/health/ready").then().statusCode(404);
    given()
        .port(OpenUpTestResources.managementPort())
        .get("/q/health/ready")
        .then()
        .statusCode(200);
    given()
        .port(OpenUpTestResources.managementPort())
        .get("/q/health/well")
        .then()
        .statusCode(200)
        .body("checks[0].name", equalTo("event-relay"));
    given().port(OpenUpTestResources.managementPort()).get("/q/metrics").then().statusCode(200);
    given().get("/q/openapi").then().statusCode(200);
  }
}
