package app.openup.system;

import static org.assertj.core.api.Assertions.assertThat;

import app.openup.system.Endpoints.Operation;
import app.openup.system.SystemPlatform.Partner;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Nobody sees or changes another couple: a third person, a partner who left, and an erased partner,
 * on every operation of the three running services.
 */
@ExtendWith(SystemPlatform.class)
@org.junit.jupiter.api.Order(2)
class IsolationSystemTest {

  @Test
  void aThirdPersonWithAValidTokenFindsNothingOnAnyOperationOfTheCoupleAndChangesNothing() {
    Couple couple = Couple.withHistory();
    Map<String, String> before = couple.readsOf(couple.alex);
    Partner stranger = Partner.create();

    List<String> answered = new ArrayList<>();
    for (Operation operation : Endpoints.all()) {
      if (!operation.ofACouple()) {
        continue; // their own couples, their own erasure: nothing of this couple
      }
      Response response = operation.send(spec(stranger), couple.ids);
      answered.add(operation + " -> " + response.statusCode());
      assertThat(response.statusCode()).as(operation.toString()).isEqualTo(404);
      assertThat(response.contentType())
          .as(operation.toString())
          .startsWith("application/problem+json");
      assertThat(response.asString())
          .as(operation.toString())
          .doesNotContain(couple.alexWords)
          .doesNotContain(couple.alex.id().toString());
    }
    assertThat(answered).hasSizeGreaterThan(35);
    assertThat(couple.readsOf(couple.alex)).isEqualTo(before);
  }

  private static io.restassured.specification.RequestSpecification spec(Partner partner) {
    return io.restassured.RestAssured.given().auth().oauth2(partner.token());
  }

  @Test
  void afterALeaveTheOtherNoLongerReadsTheLeaversWordsAnywhere() {
    Couple couple = Couple.withHistory();
    assertThat(String.join("", couple.readsOf(couple.alex).values())).contains(couple.samWords);

    Response left = couple.sam.needs().post("/api/v1/couples/" + couple.id() + "/leave");
    left.then().statusCode(200);
    couple.tokens.put("needs", left.header("Consistency-Token"));

    Map<String, String> alexReads = couple.readsOf(couple.alex);
    alexReads.forEach((read, body) -> assertThat(body).as(read).doesNotContain(couple.samWords));
    // Sam still reads his own words; Alex's are gone from his view too.
    Map<String, String> samReads = couple.readsOf(couple.sam);
    assertThat(samReads.get("session")).contains(couple.samWords).doesNotContain(couple.alexWords);
    samReads.forEach((read, body) -> assertThat(body).as(read).doesNotContain(couple.alexWords));
  }

  @Test
  void afterErasureTheErasedPartnersWordsAreGoneEverywhereAndTheirTokenCanDoNothing() {
    Couple couple = Couple.withHistory();
    assertThat(couple.sam.needs().delete("/api/v1/partners/me").statusCode()).isBetween(200, 204);

    // Every service learns it from needs.events; until then it may still answer.
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              for (Operation operation : Endpoints.all()) {
                if (operation.path().equals("/api/v1/partners/me")) {
                  continue; // erasure itself may be asked again, to complete it
                }
                Response response = operation.send(spec(couple.sam), couple.ids);
                assertThat(response.statusCode()).as(operation.toString()).isEqualTo(410);
              }
            });
    // No query of Alex's returns Sam's words, in any service.
    Map<String, String> alexReads = couple.readsOf(couple.alex);
    alexReads.forEach((read, body) -> assertThat(body).as(read).doesNotContain(couple.samWords));
  }
}
