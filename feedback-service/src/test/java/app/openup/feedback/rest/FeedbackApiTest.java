package app.openup.feedback.rest;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import app.openup.feedback.support.Platform;
import app.openup.feedback.support.Platform.Couple;
import app.openup.testkit.OpenUpTestResources;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Step 5 and the read side through the API, against the real database and broker. */
@QuarkusTest
@WithTestResource(value = OpenUpTestResources.class, scope = TestResourceScope.GLOBAL)
class FeedbackApiTest {

  static Map<String, Object> praise(String kind, UUID id, String words) {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("target", Map.of("kind", kind, "id", id.toString()));
    body.put("style", "APPRECIATION");
    if (words != null) {
      body.put("words", words);
    }
    return body;
  }

  @Test
  void aPartnerPraisesTheOthersShareAndTheOtherReceivesIt() {
    Couple couple = Platform.together();
    UUID session = UUID.randomUUID();
    UUID share = UUID.randomUUID();
    Instant now = Instant.now();
    var sessions = Platform.sessions();
    sessions.proposed(couple.id(), session, couple.alex().id(), now.minusSeconds(600));
    sessions.started(
        couple.id(),
        session,
        couple.alex().id(),
        List.of(couple.alex().id(), couple.sam().id()),
        now.minusSeconds(300));
    String shared =
        sessions.share(
            couple.id(),
            session,
            share,
            couple.alex().id(),
            "DEEP",
            "FINANCES",
            now.minusSeconds(200));

    Response given =
        couple
            .sam()
            .after(shared)
            .request()
            .body(praise("SHARE", share, "thank you for trusting me"))
            .post(couple.path("/praise"));
    given
        .then()
        .statusCode(201)
        .header("ETag", "\"1\"")
        .header("Consistency-Token", notNullValue())
        .body("status", equalTo("GIVEN"))
        .body("receivedBy", equalTo(couple.alex().id().toString()))
        .body("words.text", equalTo("thank you for trusting me"));
    String praiseId = given.path("id");
    couple
        .alex()
        .after(given.header("Consistency-Token"))
        .request()
        .get(couple.path("/praise"))
        .then()
        .statusCode(200)
        .body("items", hasSize(1))
        .body("items[0].id", equalTo(praiseId))
        .body("items[0].words.text", equalTo("thank you for trusting me"));
    couple
        .alex()
        .request()
        .get(couple.path("/history"))
        .then()
        .statusCode(200)
        .body("items[0].kind", equalTo("PRAISE_GIVEN"))
        .body("items[0].step", equalTo(5));
    couple
        .sam()
        .request()
        .post(couple.path("/praise/" + praiseId + "/withdraw"))
        .then()
        .statusCode(200)
        .body("status", equalTo("WITHDRAWN"));
    couple
        .alex()
        .after(couple.sam().last().get())
        .request()
        .get(couple.path("/praise"))
        .then()
        .body("items", hasSize(0));
    couple
        .alex()
        .request()
        .get(couple.path("/dashboard"))
        .then()
        .statusCode(200)
        .log()
        .ifValidationFails();
  }
}
