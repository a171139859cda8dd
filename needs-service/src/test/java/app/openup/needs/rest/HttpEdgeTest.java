package app.openup.needs.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.openup.testkit.JwtKeys;
import app.openup.testkit.OpenUpTestResources;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The edge as an attacker meets it: hostile tokens, oversized bodies, the management port. */
@QuarkusTest
class HttpEdgeTest {

  private static final String PARTNER = UUID.randomUUID().toString();

  private static String unsigned(Map<String, Object> claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
    StringBuilder body = new StringBuilder("{");
    claims.forEach(
        (k, v) ->
            body.append(body.length() > 1 ? "," : "")
                .append('"')
                .append(k)
                .append("\":")
                .append(v instanceof String ? "\"" + v + "\"" : v));
    body.append('}');
    return header + "." + b64.encodeToString(body.toString().getBytes()) + ".";
  }

  /** Every hostile token, by what is wrong with it. */
  private static Map<String, String> hostileTokens() {
    var tokens = NeedsApiTest.TOKENS;
    long now = Instant.now().getEpochSecond();
    Map<String, String> hostile = new LinkedHashMap<>();
    hostile.put(
        "alg none",
        unsigned(
            Map.of(
                "iss",
                JwtKeys.ISSUER,
                "aud",
                JwtKeys.AUDIENCE,
                "sub",
                PARTNER,
                "groups",
                "[\"partner\"]",
                "iat",
                now,
                "exp",
                now + 600)));
    hostile.put(
        "HS256 signed with the public key",
        tokens
            .builder(PARTNER)
            .jws()
            .algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.HS256)
            .signWithSecret(tokens.publicKeyPem()));
    Function<Function<JwtClaimsBuilder, JwtClaimsBuilder>, String> signed =
        change -> tokens.sign(change.apply(tokens.builder(PARTNER)));
    hostile.put("expired", signed.apply(b -> b.issuedAt(now - 7200).expiresAt(now - 3600)));
    hostile.put("not yet valid", signed.apply(b -> b.claim("nbf", now + 3600)));
    hostile.put("wrong issuer", signed.apply(b -> b.issuer("https://evil.example")));
    hostile.put("wrong audience", signed.apply(b -> b.audience("another-app")));
    hostile.put("no partner group", signed.apply(b -> b.groups("admin")));
    hostile.put("too old", signed.apply(b -> b.issuedAt(now - 25 * 3600).expiresAt(now + 3600)));
    hostile.put("valid for ten years", signed.apply(b -> b.expiresIn(Duration.ofDays(3650))));
    String claims =
        "\"iss\":\""
            + JwtKeys.ISSUER
            + "\",\"aud\":\""
            + JwtKeys.AUDIENCE
            + "\",\"groups\":[\"partner\"],\"iat\":"
            + now
            + ",\"exp\":"
            + (now + 600);
    hostile.put("subject is a number", tokens.signRaw("{" + claims + ",\"sub\":12345}"));
    hostile.put(
        "subject is an object",
        tokens.signRaw("{" + claims + ",\"sub\":{\"id\":\"" + PARTNER + "\"}}"));
    hostile.put("subject is not a UUID", signed.apply(b -> b.subject("auth0|123")));
    hostile.put(
        "signed with another key",
        new app.openup.testkit.PartnerTokens(JwtKeys.loadOrCreate(tempDir()))
            .sign(tokens.builder(PARTNER)));
    return hostile;
  }

  private static java.nio.file.Path tempDir() {
    try {
      return java.nio.file.Files.createTempDirectory("other-jwt-");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
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
    hostileTokens()
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
