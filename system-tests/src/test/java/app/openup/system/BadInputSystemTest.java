package app.openup.system;

import static org.assertj.core.api.Assertions.assertThat;

import app.openup.system.Endpoints.Operation;
import app.openup.testkit.PartnerTokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hostile input on every operation of the three running services, table-driven: malformed JSON,
 * wrong types, huge bodies, invalid ids, and missing or forged tokens. Each answers its documented
 * 4xx as an RFC 9457 problem, none a 500, and the couple's data is unchanged.
 */
@ExtendWith(SystemPlatform.class)
@org.junit.jupiter.api.Order(3)
class BadInputSystemTest {

  /** A kind of bad request, what it does to a well-formed one, and the status it must get. */
  record Case(String name, int status, boolean bodyOnly, Function<Request, Response> send) {}

  /** The operation, the couple's ids, and a partner's valid token: what a case spoils. */
  record Request(Operation operation, Map<String, String> ids, String token) {

    RequestSpecification spec(String bearer) {
      RequestSpecification spec =
          RestAssured.given()
              .baseUri(SystemPlatform.platform().service(operation.service()).url())
              .redirects()
              .follow(false);
      return bearer == null ? spec : spec.auth().oauth2(bearer);
    }

    Response withBody(String json) {
      return spec(token)
          .contentType(ContentType.JSON)
          .body(json)
          .request(operation.method(), operation.path(ids));
    }

    Response withToken(String bearer) {
      RequestSpecification spec = spec(bearer);
      if (operation.hasBody()) {
        spec = spec.contentType(ContentType.JSON).body(operation.validBody());
      }
      return spec.request(operation.method(), operation.path(ids));
    }
  }

  @Test
  void everyOperationAnswersBadInputWithItsProblemAndChangesNothing() {
    Couple couple = Couple.withHistory();
    Map<String, String> before = couple.readsOf(couple.alex);
    PartnerTokens tokens = SystemPlatform.platform().tokens();
    String valid = couple.alex.token();
    String[] parts = valid.split("\\.");
    String forgedSignature =
        parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
    String algNone = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + parts[1] + ".";
    String expired = tokens.forPartner(couple.alex.id(), Duration.ofSeconds(-120));
    String wrongIssuer =
        tokens.sign(tokens.builder(couple.alex.id().toString()).issuer("https://evil.example"));

    List<Case> cases =
        List.of(
            new Case("malformed JSON", 400, true, r -> r.withBody("{\"topic\": ")),
            new Case("wrong types", 400, true, r -> r.withBody(wrongTypes(r.operation()))),
            new Case("a body over 64 KiB", 413, true, r -> r.withBody(huge())),
            new Case(
                "an invalid UUID in the path",
                404,
                false,
                r -> {
                  Map<String, String> ids = new HashMap<>(r.ids());
                  ids.replaceAll((k, v) -> "not-a-uuid");
                  return new Request(r.operation(), ids, r.token()).withToken(r.token());
                }),
            new Case("no token", 401, false, r -> r.withToken(null)),
            new Case("a forged signature", 401, false, r -> r.withToken(forgedSignature)),
            new Case("alg none", 401, false, r -> r.withToken(algNone)),
            new Case("an expired token", 401, false, r -> r.withToken(expired)),
            new Case("a wrong issuer", 401, false, r -> r.withToken(wrongIssuer)));

    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (Operation operation : Endpoints.all()) {
      for (Case c : cases) {
        if (c.bodyOnly() && !operation.hasBody()) {
          continue;
        }
        if (c.name().startsWith("an invalid UUID") && !operation.path().contains("{")) {
          continue;
        }
        Response response = c.send().apply(new Request(operation, couple.ids, valid));
        checked++;
        String contentType = String.valueOf(response.contentType());
        if (response.statusCode() != c.status()
            || !contentType.startsWith("application/problem+json")) {
          failures.add(
              operation
                  + " with "
                  + c.name()
                  + ": "
                  + response.statusCode()
                  + " "
                  + contentType
                  + " "
                  + response.asString().substring(0, Math.min(200, response.asString().length())));
        }
      }
    }
    assertThat(failures).isEmpty();
    assertThat(checked).isGreaterThan(250);
    assertThat(couple.readsOf(couple.alex)).isEqualTo(before);
  }

  /** The operation's valid body with every value of the wrong JSON type. */
  private static String wrongTypes(Operation operation) {
    Object body = operation.validBody();
    if (!(body instanceof Map<?, ?> fields)) {
      return "[]";
    }
    Map<String, Object> wrong = new LinkedHashMap<>();
    fields.forEach(
        (name, value) ->
            wrong.put(
                String.valueOf(name),
                value instanceof String ? List.of(1, 2) : value instanceof Map ? 7 : "seven"));
    return toJson(wrong);
  }

  private static String toJson(Map<String, Object> fields) {
    StringBuilder json = new StringBuilder("{");
    fields.forEach(
        (name, value) -> {
          if (json.length() > 1) {
            json.append(',');
          }
          json.append('"').append(name).append("\":");
          if (value instanceof String text) {
            json.append('"').append(text).append('"');
          } else if (value instanceof List<?> list) {
            json.append(list.toString().replace(" ", ""));
          } else {
            json.append(value);
          }
        });
    return json.append('}').toString();
  }

  private static String huge() {
    return "{\"text\":\"" + "x".repeat(100 * 1024) + "\"}";
  }
}
