package app.openup.system;

import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

import app.openup.system.SystemPlatform.Partner;
import io.restassured.response.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A couple that went some way through the method, through the APIs only: Alex's need shared and
 * acknowledged, a session started with a share of each, an open question, and Sam's praise of
 * Alex's share. Each one's words are recorded, to look for them afterwards.
 */
final class Couple {

  final Partner alex = Partner.create();
  final Partner sam = Partner.create();
  final Map<String, String> ids = new HashMap<>();
  final Map<String, String> tokens = new LinkedHashMap<>();
  final String alexWords = "alex-" + Instant.now().toEpochMilli() + " worries about the rent";
  final String samWords = "sam-" + Instant.now().toEpochMilli() + " feels unheard at dinner";

  String id() {
    return ids.get("coupleId");
  }

  private Response keep(String service, Response response) {
    String token = response.header("Consistency-Token");
    if (token != null) {
      tokens.put(service, token);
    }
    return response;
  }

  static Couple together() {
    Couple c = new Couple();
    Response formed = c.alex.needs().post("/api/v1/couples");
    formed.then().statusCode(201);
    c.ids.put("coupleId", formed.path("id"));
    c.keep(
            "needs",
            c.sam
                .needs()
                .body(Map.of("code", (String) formed.path("invitation.code")))
                .post("/api/v1/couples/join"))
        .then()
        .statusCode(200);
    return c;
  }

  /** The couple with a shared need, a session with a share of each, and praise. */
  static Couple withHistory() {
    Couple c = together();
    String base = "/api/v1/couples/" + c.id();
    Response need =
        c.alex
            .needs()
            .header("Consistency-Token", c.tokens.get("needs"))
            .body(Map.of("topic", "FINANCES", "meaning", c.alexWords))
            .post(base + "/needs");
    need.then().statusCode(201);
    c.ids.put("needId", need.path("id"));
    c.keep(
            "needs",
            c.alex
                .needs()
                .body(Map.of("why", c.alexWords))
                .post(base + "/needs/" + c.ids.get("needId") + "/share"))
        .then()
        .statusCode(200);
    Instant starts = Instant.now().plus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    // The proposal carries needs-service's token of the share, which session-service waits for
    // before it knows the couple (once it answered 404 here: the token had to name the couple's own
    // stream to be waited for).
    Response proposed =
        c.alex
            .sessions()
            .header("Consistency-Token", c.tokens.get("needs"))
            .body(
                Map.of(
                    "startsAt",
                    starts.toString(),
                    "endsAt",
                    starts.plus(1, ChronoUnit.HOURS).toString(),
                    "place",
                    "home"))
            .post(base + "/sessions");
    Response session = c.keep("sessions", proposed);
    session.then().statusCode(201);
    String one = base + "/sessions/" + session.path("id");
    c.ids.put("sessionId", session.path("id"));
    c.keep("sessions", c.sam.sessions().post(one + "/accept")).then().statusCode(200);
    for (Partner p : List.of(c.alex, c.sam)) {
      c.keep(
              "sessions",
              p.sessions()
                  .body(Map.of("calm", 4, "rushed", false, "angry", false))
                  .post(one + "/check-ins"))
          .then()
          .statusCode(200);
    }
    c.keep("sessions", c.alex.sessions().post(one + "/start")).then().statusCode(200);
    Response shared =
        c.keep(
            "sessions",
            c.alex
                .sessions()
                .body(Map.of("depth", "DEEP", "kind", "FEELING", "text", c.alexWords))
                .post(one + "/shares"));
    shared.then().statusCode(200);
    c.ids.put("shareId", shared.path("shares[0].id"));
    c.keep(
            "sessions",
            c.sam
                .sessions()
                .body(Map.of("depth", "MODERATE", "kind", "FEELING", "text", c.samWords))
                .post(one + "/shares"))
        .then()
        .statusCode(200);
    Response praise =
        c.keep(
            "feedback",
            c.sam
                .feedback()
                .header("Consistency-Token", c.tokens.get("sessions"))
                .body(
                    Map.of(
                        "target",
                        Map.of("kind", "SHARE", "id", c.ids.get("shareId")),
                        "style",
                        "GRATITUDE",
                        "words",
                        c.samWords))
                .post(base + "/praise"));
    praise.then().statusCode(anyOf(is(201), is(202)));
    c.ids.put("praiseId", praise.path("id"));
    return c;
  }

  /** What a partner reads of the couple in every service, once each has the latest commands. */
  Map<String, String> readsOf(Partner partner) {
    String base = "/api/v1/couples/" + id();
    Map<String, String> reads = new LinkedHashMap<>();
    // Each service waits for the tokens of the topics it reads.
    tokens.forEach(
        (service, token) -> {
          partner.feedback().header("Consistency-Token", token).get(base + "/history");
          if (!service.equals("feedback")) {
            partner.sessions().header("Consistency-Token", token).get(base + "/sessions");
          }
          if (service.equals("needs")) {
            partner.needs().header("Consistency-Token", token).get(base + "/needs");
          }
        });
    reads.put("needs", partner.needs().get(base + "/needs").asString());
    reads.put("couple", partner.needs().get(base).asString());
    reads.put("sessions", partner.sessions().get(base + "/sessions").asString());
    reads.put(
        "session", partner.sessions().get(base + "/sessions/" + ids.get("sessionId")).asString());
    reads.put("history", partner.feedback().get(base + "/history?limit=100").asString());
    reads.put("praise", partner.feedback().get(base + "/praise").asString());
    reads.put(
        "dashboard",
        partner
            .feedback()
            .get(base + "/dashboard")
            .asString()
            .replaceAll("\"asOf\":\"[^\"]*\"", ""));
    return reads;
  }
}
