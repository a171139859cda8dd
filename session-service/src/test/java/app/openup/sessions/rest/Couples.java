package app.openup.sessions.rest;

import static io.restassured.RestAssured.given;

import app.openup.testkit.NeedsEvents;
import app.openup.testkit.PartnerTokens;
import io.restassured.filter.Filter;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.ConfigProvider;

/** Couples for the tests: formed on needs.events as needs-service would, used through the API. */
final class Couples {

  static final PartnerTokens TOKENS = PartnerTokens.forTests();

  private static NeedsEvents needs;

  private Couples() {}

  /** needs.events, written as needs-service writes it. */
  static synchronized NeedsEvents needs() {
    if (needs == null) {
      needs =
          new NeedsEvents(
              ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }
    return needs;
  }

  /** A partner with a token; each passes back the consistency token of their last command. */
  record Partner(UUID id, String token, AtomicReference<String> last) {
    static Partner create() {
      UUID id = UUID.randomUUID();
      return new Partner(id, TOKENS.forPartner(id), new AtomicReference<>());
    }

    /** Read-your-writes as a client does it: the last token travels with the next request. */
    RequestSpecification request() {
      Filter readYourWrites =
          (request, response, context) -> {
            String token = last.get();
            if (token != null && !request.getHeaders().hasHeaderWithName("Consistency-Token")) {
              request.header("Consistency-Token", token);
            }
            Response answered = context.next(request, response);
            String next = answered.header("Consistency-Token");
            if (next != null) {
              last.set(next);
            }
            return answered;
          };
      return given().filter(readYourWrites).auth().oauth2(token).contentType(ContentType.JSON);
    }
  }

  /** Two partners of one couple, which needs-service formed; both know the join's token. */
  record Couple(UUID id, Partner alex, Partner sam) {
    String sessions() {
      return "/api/v1/couples/" + id + "/sessions";
    }

    String session(String sessionId) {
      return sessions() + "/" + sessionId;
    }
  }

  static Couple together() {
    Partner alex = Partner.create();
    Partner sam = Partner.create();
    UUID coupleId = UUID.randomUUID();
    String joined = needs().together(coupleId, alex.id(), sam.id());
    alex.last().set(joined);
    sam.last().set(joined);
    return new Couple(coupleId, alex, sam);
  }

  /**
   * A proposal for an hour, {@code hours} after twenty minutes from now (so that at {@code 0} the
   * partners can check in and start at once: that opens an hour before the agreed time).
   */
  static Map<String, Object> proposal(int hours) {
    Instant at =
        Instant.now()
            .plus(Duration.ofMinutes(20))
            .truncatedTo(ChronoUnit.MINUTES)
            .plus(Duration.ofHours(hours));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("startsAt", at.toString());
    body.put("endsAt", at.plus(Duration.ofHours(1)).toString());
    body.put("place", "the bench by the river");
    body.put("topic", "FINANCES");
    return body;
  }

  /** A session proposed by alex and accepted by sam, both ready, started; its id. */
  static String started(Couple couple) {
    String id = proposed(couple, 0);
    couple.sam().request().post(couple.session(id) + "/accept").then().statusCode(200);
    checkIn(couple.alex(), couple, id, 4, false, false);
    checkIn(couple.sam(), couple, id, 4, false, false);
    couple.alex().request().post(couple.session(id) + "/start").then().statusCode(200);
    return id;
  }

  static String proposed(Couple couple, int hours) {
    return couple
        .alex()
        .request()
        .body(proposal(hours))
        .post(couple.sessions())
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  static Response checkIn(
      Partner who, Couple couple, String id, int calm, boolean rushed, boolean angry) {
    Response response =
        who.request()
            .body(Map.of("calm", calm, "rushed", rushed, "angry", angry))
            .post(couple.session(id) + "/check-ins");
    response.then().statusCode(200);
    return response;
  }

  static Map<String, Object> share(String text) {
    return Map.of("depth", "DEEP", "kind", "FEELING", "topic", "FINANCES", "text", text);
  }
}
