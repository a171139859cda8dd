package app.openup.sessions.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.openup.eventing.quarkus.StoreProjections;
import app.openup.testkit.NeedsEvents;
import app.openup.testkit.PartnerTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The read model of the service's own events: a rebuild answers every read as the live one did. */
@QuarkusTest
class SessionsReadModelTest {

  private static final PartnerTokens TOKENS = PartnerTokens.forTests();

  @Inject StoreProjections projections;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Test
  void aRebuildFromTheStoreAnswersEveryReadAsTheLiveReadModelDid() {
    UUID alex = UUID.randomUUID();
    UUID sam = UUID.randomUUID();
    UUID coupleId = UUID.randomUUID();
    String token;
    try (NeedsEvents needs = new NeedsEvents(bootstrapServers)) {
      token = needs.together(coupleId, alex, sam);
    }
    String base = "/api/v1/couples/" + coupleId + "/sessions";
    Instant at = Instant.now().plus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.MINUTES);
    Response proposed =
        post(
            alex,
            base,
            token,
            Map.of(
                "startsAt",
                at.toString(),
                "endsAt",
                at.plusSeconds(3600).toString(),
                "place",
                "home"));
    String session = base + "/" + proposed.path("id");
    token =
        post(sam, session + "/accept", proposed.header("Consistency-Token"), null)
            .header("Consistency-Token");
    // A check-in, then another time, then check-ins again: in one batch of the read model (as a
    // rebuild applies them), the first check-in must stop counting and the later ones must count.
    token =
        post(alex, session + "/check-ins", token, Map.of("calm", 2, "rushed", true, "angry", false))
            .header("Consistency-Token");
    Instant later = at.plus(Duration.ofMinutes(15));
    token =
        post(
                sam,
                session + "/reschedule",
                token,
                Map.of("startsAt", later.toString(), "endsAt", later.plusSeconds(3600).toString()))
            .header("Consistency-Token");
    token = post(alex, session + "/accept", token, null).header("Consistency-Token");
    String beforeCheckIns = read(sam, session, token);
    assertTrue(beforeCheckIns.contains("\"readiness\":[]"), beforeCheckIns);
    for (UUID partner : new UUID[] {alex, sam}) {
      token =
          post(
                  partner,
                  session + "/check-ins",
                  token,
                  Map.of("calm", 4, "rushed", false, "angry", false))
              .header("Consistency-Token");
    }
    token = post(alex, session + "/start", token, null).header("Consistency-Token");
    token =
        post(
                alex,
                session + "/shares",
                token,
                Map.of("depth", "DEEP", "kind", "FEELING", "text", "words"))
            .header("Consistency-Token");
    String before =
        read(alex, session, token) + read(sam, session, token) + read(alex, base, token);
    int active =
        projections.activeVersion(SessionsReadModel.NAME).await().atMost(Duration.ofSeconds(10));

    int rebuilt =
        projections.rebuild(SessionsReadModel.NAME).await().atMost(Duration.ofSeconds(10));
    assertEquals(active + 1, rebuilt);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                projections
                        .activeVersion(SessionsReadModel.NAME)
                        .await()
                        .atMost(Duration.ofSeconds(5))
                    == rebuilt);
    String after = read(alex, session, token) + read(sam, session, token) + read(alex, base, token);
    assertEquals(before, after, "the rebuilt read model answers the same");
    assertTrue(before.contains("\"text\":\"words\""));
    assertTrue(before.contains("\"calm\":4") && !before.contains("\"calm\":2"), before);
  }

  private static Response post(UUID partner, String path, String token, Object body) {
    var request =
        given()
            .auth()
            .oauth2(TOKENS.forPartner(partner))
            .contentType(ContentType.JSON)
            .header("Consistency-Token", token);
    if (body != null) {
      request.body(body);
    }
    Response response = request.post(path);
    assertTrue(response.statusCode() < 300, path + " answered " + response.asString());
    return response;
  }

  private static String read(UUID reader, String path, String token) {
    return given()
        .auth()
        .oauth2(TOKENS.forPartner(reader))
        .header("Consistency-Token", token)
        .get(path)
        .then()
        .statusCode(200)
        .extract()
        .asString();
  }
}
