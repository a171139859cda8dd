package app.openup.feedback.rest;

import app.openup.support.rest.AuthConfig;
import app.openup.support.rest.CurrentPartner;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is signed in to the couple's page, and its guard against cross-site requests.
 *
 * <p>Sign-in takes the partner's API token, verified exactly as the API verifies it (SmallRye JWT:
 * signature, issuer, audience, expiry; then {@link CurrentPartner#partnerOf}: the partner group,
 * age and subject), and keeps it in an {@code HttpOnly}, {@code SameSite=Strict} cookie scoped to
 * the page ({@code Secure} unless {@code openup.page.secure-cookie=false}, which only the local run
 * and the tests set). The API itself never reads the cookie: it takes bearer tokens only.
 *
 * <p>Every form that changes something carries a token that only the page could have written: a
 * digest of the signed-in cookie (which scripts cannot read), compared in constant time; and a
 * request whose {@code Origin} names another host is refused whatever it carries. The sign-in form,
 * before any cookie, is guarded the same way by a random nonce kept in a cookie of its own.
 */
@ApplicationScoped
public class PageSession {

  static final String COOKIE = "openup-partner";
  static final String SIGN_IN_COOKIE = "openup-sign-in";
  static final String PATH = "/couple";

  private final JWTParser parser;
  private final AuthConfig auth;
  private final boolean secure;
  private final SecureRandom random = new SecureRandom();

  public PageSession(
      JWTParser parser,
      AuthConfig auth,
      @ConfigProperty(name = "openup.page.secure-cookie", defaultValue = "true") boolean secure) {
    this.parser = parser;
    this.auth = auth;
    this.secure = secure;
  }

  /** A verified partner token and the partner it names. */
  record SignedIn(String token, UUID partner, Instant expires) {}

  /** The partner a token names, if the API would accept it. */
  Optional<SignedIn> verify(String token) {
    if (token == null || token.isBlank() || token.length() > 8192) {
      return Optional.empty();
    }
    try {
      JsonWebToken jwt = parser.parse(token.strip());
      UUID partner = CurrentPartner.partnerOf(jwt, auth);
      return Optional.of(
          new SignedIn(token.strip(), partner, Instant.ofEpochSecond(jwt.getExpirationTime())));
    } catch (ParseException | RuntimeException e) {
      return Optional.empty();
    }
  }

  NewCookie signIn(SignedIn signedIn) {
    long seconds =
        Math.max(0, signedIn.expires().getEpochSecond() - Instant.now().getEpochSecond());
    return cookie(COOKIE, signedIn.token(), PATH, (int) Math.min(seconds, Integer.MAX_VALUE));
  }

  NewCookie signOut() {
    return cookie(COOKIE, "", PATH, 0);
  }

  /** A fresh nonce for the sign-in form, and the cookie that keeps it. */
  String nonce() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  NewCookie nonceCookie(String nonce) {
    return cookie(SIGN_IN_COOKIE, nonce, PATH + "/sign-in", 3600);
  }

  NewCookie nonceSpent() {
    return cookie(SIGN_IN_COOKIE, "", PATH + "/sign-in", 0);
  }

  /** The form token of a signed-in page: a digest of its cookie. */
  static String formToken(String cookie) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(("openup-page-form:" + cookie).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** Whether a form came from this page: its token matches, and no other origin sent it. */
  static boolean fromThisPage(String expected, String given, HttpHeaders headers) {
    if (expected == null || given == null || !sameOrigin(headers)) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * No {@code Origin} (an older browser, or a same-origin navigation that does not send one), or
   * one naming the host the request was sent to. The scheme is not compared: TLS may end at the
   * ingress in front of the service.
   */
  static boolean sameOrigin(HttpHeaders headers) {
    String origin = headers.getHeaderString("Origin");
    if (origin == null) {
      return true;
    }
    String host = headers.getHeaderString(HttpHeaders.HOST);
    try {
      URI uri = URI.create(origin);
      String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
      return host != null && authority != null && authority.equalsIgnoreCase(host);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private NewCookie cookie(String name, String value, String path, int maxAge) {
    return new NewCookie.Builder(name)
        .value(value)
        .path(path)
        .maxAge(maxAge)
        .httpOnly(true)
        .secure(secure)
        .sameSite(NewCookie.SameSite.STRICT)
        .build();
  }
}
