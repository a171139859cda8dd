package app.openup.system;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every operation of the three APIs, read from each running service's own OpenAPI description (so a
 * new endpoint is swept without being listed here), with a valid body for each that takes one: a
 * refusal must then come from who is asking, not from what was sent.
 */
final class Endpoints {

  /** One operation: its service, method and path template. */
  record Operation(String service, String method, String path, boolean hasBody) {

    boolean ofACouple() {
      return path.contains("{coupleId}");
    }

    /** The path with the ids given (any other id a random one). */
    String path(Map<String, String> ids) {
      String filled = path;
      for (Map.Entry<String, String> id : ids.entrySet()) {
        filled = filled.replace("{" + id.getKey() + "}", id.getValue());
      }
      return filled.replaceAll("\\{[A-Za-z]+\\}", UUID.randomUUID().toString());
    }

    Response send(RequestSpecification request, Map<String, String> ids) {
      RequestSpecification spec =
          request
              .baseUri(SystemPlatform.platform().service(service).url())
              .redirects()
              .follow(false);
      if (hasBody) {
        spec = spec.contentType(ContentType.JSON).body(validBody());
      }
      return spec.request(method, path(ids));
    }

    /** A body the operation would take from a partner of the couple. */
    Object validBody() {
      Instant starts = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
      Map<String, Object> times =
          Map.of(
              "startsAt", starts.toString(), "endsAt", starts.plus(1, ChronoUnit.HOURS).toString());
      String last = path.substring(path.lastIndexOf('/') + 1);
      return switch (service + " " + last) {
        case "needs-service join" -> Map.of("code", "AAAAAAAAAAAAAAAAAAAAAA");
        case "needs-service needs", "needs-service revise" ->
            Map.of("topic", "FINANCES", "meaning", "words of a stranger");
        case "needs-service share" -> Map.of("why", "words of a stranger");
        case "needs-service acknowledge" -> Map.of("heard", "words of a stranger");
        case "needs-service questions" -> Map.of("question", "words of a stranger");
        case "needs-service answer" -> Map.of("answer", "words of a stranger");
        case "session-service sessions" -> withPlace(times);
        case "session-service reschedule" -> times;
        case "session-service check-ins" -> Map.of("calm", 4, "rushed", false, "angry", false);
        case "session-service shares" ->
            Map.of("depth", "DEEP", "kind", "FEELING", "text", "words of a stranger");
        case "session-service questions" -> Map.of("question", "TELL_ME_MORE");
        case "session-service defensive-moments" -> Map.of("whose", "OWN");
        case "session-service ratings" ->
            Map.of("safety", 5, "start", "SOFT", "shareWithPartner", true);
        case "feedback-service praise" ->
            Map.of(
                "target", Map.of("kind", "SHARE", "id", UUID.randomUUID().toString()),
                "style", "GRATITUDE",
                "words", "words of a stranger");
        default ->
            throw new IllegalStateException(
                "No valid body known for " + method + " " + path + " of " + service);
      };
    }

    private static Map<String, Object> withPlace(Map<String, Object> times) {
      Map<String, Object> body = new LinkedHashMap<>(times);
      body.put("place", "home");
      return body;
    }

    @Override
    public String toString() {
      return method + " " + path + " (" + service + ")";
    }
  }

  private Endpoints() {}

  /** Every operation of the three APIs. */
  static List<Operation> all() {
    List<Operation> operations = new ArrayList<>();
    for (String service : List.of("needs-service", "session-service", "feedback-service")) {
      JsonPath openapi =
          JsonPath.from(
              RestAssured.given()
                  .baseUri(SystemPlatform.platform().service(service).url())
                  .get("/q/openapi?format=json")
                  .then()
                  .statusCode(200)
                  .extract()
                  .asString());
      Map<String, Map<String, Object>> paths = openapi.getMap("paths");
      paths.forEach(
          (path, methods) ->
              methods.forEach(
                  (method, operation) -> {
                    if (List.of("get", "post", "put", "patch", "delete").contains(method)) {
                      @SuppressWarnings("unchecked")
                      Map<String, Object> op = (Map<String, Object>) operation;
                      operations.add(
                          new Operation(
                              service, method.toUpperCase(), path, op.containsKey("requestBody")));
                    }
                  }));
    }
    return operations;
  }
}
