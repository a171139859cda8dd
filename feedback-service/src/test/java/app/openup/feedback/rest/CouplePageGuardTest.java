package app.openup.feedback.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasSize;

import app.openup.feedback.support.Platform;
import app.openup.feedback.support.Platform.Couple;
import app.openup.testkit.ConsistencyTokens;
import app.openup.testkit.OpenUpTestResources;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The couple's page as an attacker meets it, over plain HTTP: its cookies, its headers, forged
 * sign-ins and forms, hostile input, and the API's refusal of the page's cookie. Each refusal is a
 * page with a clear status, and changes nothing.
 */
@QuarkusTest
@WithTestResource(value = OpenUpTestResources.class, scope = TestResourceScope.GLOBAL)
class CouplePageGuardTest {

  /** A partner signed in through the page's own form: the cookie it set. */
  static String signIn(UUID partner) {
    Response form = given().redirects().follow(false).get("/couple/sign-in");
    String nonce = form.cookie(PageSession.SIGN_IN_COOKIE);
    Response signedIn =
        given()
            .redirects()
            .follow(false)
            .cookie(PageSession.SIGN_IN_COOKIE, nonce)
            .contentType(ContentType.URLENC)
            .formParam("nonce", nonce)
            .formParam("token", Platform.TOKENS.forPartner(partner))
            .post("/couple/sign-in");
    // Relative: behind an ingress that ends TLS, an absolute one would say http://.
    signedIn.then().statusCode(303).header("Location", org.hamcrest.Matchers.equalTo("/couple"));
    return signedIn.cookie(PageSession.COOKIE);
  }

  @Test
  void thePageSaysNothingMayComeFromAnotherOriginAndItsCookiesAreHttpOnlyAndStrict() {
    Response form = given().get("/couple/sign-in");
    form.then()
        .statusCode(200)
        .header("Content-Security-Policy", containsString("default-src 'none'"))
        .header("Content-Security-Policy", containsString("script-src 'self'"))
        .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
        .header("X-Content-Type-Options", "nosniff")
        .header("Cache-Control", "no-store");
    assertThat(form.detailedCookie(PageSession.SIGN_IN_COOKIE).isHttpOnly()).isTrue();
    assertThat(form.detailedCookie(PageSession.SIGN_IN_COOKIE).getSameSite()).isEqualTo("Strict");

    String nonce = form.cookie(PageSession.SIGN_IN_COOKIE);
    Response signedIn =
        given()
            .redirects()
            .follow(false)
            .cookie(PageSession.SIGN_IN_COOKIE, nonce)
            .contentType(ContentType.URLENC)
            .formParam("nonce", nonce)
            .formParam("token", Platform.TOKENS.forPartner(UUID.randomUUID()))
            .post("/couple/sign-in");
    var cookie = signedIn.detailedCookie(PageSession.COOKIE);
    assertThat(cookie.isHttpOnly()).isTrue();
    assertThat(cookie.getSameSite()).isEqualTo("Strict");
    assertThat(cookie.getPath()).isEqualTo("/couple");
    assertThat(cookie.getMaxAge()).isPositive();
  }

  @Test
  void aForgedExpiredOrStrangeTokenDoesNotSignIn() {
    UUID partner = UUID.randomUUID();
    List<String> tokens =
        List.of(
            "not-a-token",
            Platform.TOKENS.forPartner(partner) + "x",
            Platform.TOKENS.forPartner(partner).replaceFirst("^[^.]+", "eyJhbGciOiJub25lIn0"),
            Platform.TOKENS.forPartner(partner, Duration.ofSeconds(-60)),
            Platform.TOKENS.forSubject("not-a-uuid", Duration.ofMinutes(5)),
            "a".repeat(10_000));
    for (String token : tokens) {
      Response form = given().get("/couple/sign-in");
      String nonce = form.cookie(PageSession.SIGN_IN_COOKIE);
      Response refused =
          given()
              .redirects()
              .follow(false)
              .cookie(PageSession.SIGN_IN_COOKIE, nonce)
              .contentType(ContentType.URLENC)
              .formParam("nonce", nonce)
              .formParam("token", token)
              .post("/couple/sign-in");
      refused.then().statusCode(401).contentType(ContentType.HTML);
      assertThat(refused.cookie(PageSession.COOKIE)).as(token).isNull();
    }
    // A sign-in form posted from elsewhere (no nonce of this page) is refused before the token.
    given()
        .redirects()
        .follow(false)
        .contentType(ContentType.URLENC)
        .formParam("nonce", "guessed")
        .formParam("token", Platform.TOKENS.forPartner(partner))
        .post("/couple/sign-in")
        .then()
        .statusCode(403);
  }

  @Test
  void withoutASignInThePageSendsOneToSignInAndTheApiNeverTakesThePageCookie() {
    Couple couple = Platform.together();
    given()
        .redirects()
        .follow(false)
        .get("/couple/" + couple.id())
        .then()
        .statusCode(303)
        .header("Location", endsWith("/couple/sign-in"));
    String cookie = signIn(couple.alex().id());
    given()
        .cookie(PageSession.COOKIE, cookie)
        .get("/api/v1/couples/" + couple.id() + "/dashboard")
        .then()
        .statusCode(401);
  }

  @Test
  void aFormFromAnotherSiteOrWithoutThePagesTokenChangesNothing() {
    Couple couple = Platform.together();
    UUID share = UUID.randomUUID();
    String shared =
        FeedbackApiTest.shareBy(couple, UUID.randomUUID(), share, couple.sam().id(), "DEEP");
    String cookie = signIn(couple.alex().id());
    String form = PageSession.formToken(cookie);
    Map<String, String> praise =
        Map.of("share", share.toString(), "style", "GRATITUDE", "words", "forged");

    // No form token, a wrong one, the right one from another origin: each 403, nothing written.
    for (Map<String, String> extra :
        List.of(
            Map.<String, String>of(),
            Map.of("form", "guessed"),
            Map.of(
                "form", PageSession.formToken(Platform.TOKENS.forPartner(couple.alex().id()))))) {
      given()
          .redirects()
          .follow(false)
          .cookie(PageSession.COOKIE, cookie)
          .contentType(ContentType.URLENC)
          .formParams(praise)
          .formParams(extra)
          .post("/couple/" + couple.id() + "/praise")
          .then()
          .statusCode(403)
          .contentType(ContentType.HTML);
    }
    given()
        .redirects()
        .follow(false)
        .cookie(PageSession.COOKIE, cookie)
        .header("Origin", "https://evil.example")
        .contentType(ContentType.URLENC)
        .formParams(praise)
        .formParam("form", form)
        .post("/couple/" + couple.id() + "/praise")
        .then()
        .statusCode(403);
    given()
        .redirects()
        .follow(false)
        .cookie(PageSession.COOKIE, cookie)
        .header("Origin", "null")
        .contentType(ContentType.URLENC)
        .formParam("choice", "opt-in")
        .formParam("form", form)
        .post("/couple/" + couple.id() + "/comparisons")
        .then()
        .statusCode(403);
    couple
        .alex()
        .after(shared)
        .request()
        .get(couple.path("/praise"))
        .then()
        .statusCode(200)
        .body("items", hasSize(0));
    couple
        .alex()
        .request()
        .get(couple.path("/dashboard"))
        .then()
        .body("comparisons.youOptedIn", org.hamcrest.Matchers.equalTo(false));

    // The page's own form, from the page's origin, is taken.
    String host = "localhost:" + io.restassured.RestAssured.port;
    given()
        .redirects()
        .follow(false)
        .cookie(PageSession.COOKIE, cookie)
        .header("Origin", "http://" + host)
        .contentType(ContentType.URLENC)
        .formParams(praise)
        .formParam("form", form)
        .post("/couple/" + couple.id() + "/praise")
        .then()
        .statusCode(303)
        .header("Location", containsString("/couple/" + couple.id() + "?after="));
  }

  @Test
  void hostileInputAnswersAPageWithAClearStatusAndChangesNothing() {
    Couple couple = Platform.together();
    String cookie = signIn(couple.alex().id());
    String form = PageSession.formToken(cookie);
    record Case(Map<String, String> params, int status) {}
    List<Case> cases =
        List.of(
            new Case(Map.of("share", "not-a-uuid", "style", "GRATITUDE"), 400),
            new Case(Map.of("share", UUID.randomUUID().toString(), "style", "SHOUTING"), 400),
            new Case(
                Map.of(
                    "share",
                    UUID.randomUUID().toString(),
                    "style",
                    "GRATITUDE",
                    "words",
                    "x".repeat(4001)),
                400));
    for (Case c : cases) {
      given()
          .redirects()
          .follow(false)
          .cookie(PageSession.COOKIE, cookie)
          .contentType(ContentType.URLENC)
          .formParams(c.params())
          .formParam("form", form)
          .post("/couple/" + couple.id() + "/praise")
          .then()
          .statusCode(c.status())
          .contentType(ContentType.HTML)
          .body(containsString("<h1>"));
    }
    for (String path :
        List.of(
            "/couple/" + couple.id() + "?step=9",
            "/couple/" + couple.id() + "?step=abc",
            "/couple/" + couple.id() + "?cursor=garbage",
            "/couple/" + couple.id() + "?after=garbage",
            "/couple/not-a-uuid")) {
      Response answer =
          given().redirects().follow(false).cookie(PageSession.COOKIE, cookie).get(path);
      assertThat(answer.statusCode()).as(path).isIn(400, 404);
      assertThat(answer.contentType()).as(path).startsWith("text/html");
    }
    // Praise of a couple not one's own: not found, whatever exists.
    Couple other = Platform.together();
    given()
        .redirects()
        .follow(false)
        .cookie(PageSession.COOKIE, cookie)
        .contentType(ContentType.URLENC)
        .formParams(Map.of("share", UUID.randomUUID().toString(), "style", "GRATITUDE"))
        .formParam("form", form)
        .post("/couple/" + other.id() + "/praise")
        .then()
        .statusCode(404)
        .contentType(ContentType.HTML);
    couple
        .alex()
        .request()
        .get(couple.path("/praise"))
        .then()
        .statusCode(200)
        .body("items", hasSize(0));
  }

  @Test
  void anErasedPartnerSeesOnlyThatTheirWordsWereErased() {
    Couple couple = Platform.together();
    String cookie = signIn(couple.sam().id());
    Platform.needs().erased(couple.id(), couple.sam().id());
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                given()
                    .redirects()
                    .follow(false)
                    .cookie(PageSession.COOKIE, cookie)
                    .get("/couple/" + couple.id())
                    .then()
                    .statusCode(410)
                    .contentType(ContentType.HTML)
                    .body(containsString("erased")));
  }

  @Test
  void aPageWhoseOwnTokenIsNotReachedInTimeShowsWhatItHolds() {
    // After a command the page sends itself to the couple with the command's token; if the read
    // side is still behind when the wait runs out, the page shows what it holds (the command
    // happened), not an error.
    Couple couple = Platform.together();
    couple.alex().request().get(couple.path("/dashboard")).then().statusCode(200);
    String cookie = signIn(couple.alex().id());
    String never = ConsistencyTokens.neverComing("sessions", "session-" + UUID.randomUUID());
    given()
        .cookie(PageSession.COOKIE, cookie)
        .queryParam("after", never)
        .get("/couple/" + couple.id())
        .then()
        .statusCode(200)
        .contentType(ContentType.HTML);
  }
}
