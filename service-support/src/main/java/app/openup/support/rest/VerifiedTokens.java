package app.openup.support.rest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * SmallRye JWT's parser, verifying each token once for a while: a partner's app sends the same
 * token with every request, and checking its RSA signature each time was the largest single cost of
 * a read (a tenth of feedback-service's Java time under load). A token that passed every check of
 * {@link DefaultJWTParser} (signature, issuer, audience, expiry) is answered again without them for
 * at most {@link AuthConfig#verifiedTokenReuse()}, and never once its {@code exp} has passed; a
 * token that failed is never kept, so it fails again in full. The tokens are kept by a digest of
 * their text, never the text itself, and at most {@link AuthConfig#verifiedTokensKept()} of them.
 * What {@link CurrentPartner} checks (the group, the age, the subject) is still checked on every
 * request. Replaces the {@link JWTParser} that Quarkus's bearer-token authentication and the
 * couple's page use; the other methods (a key of the caller's own) are not cached.
 *
 * <p>Why a bounded reuse and not the token's whole life: a verification key can be withdrawn (a
 * JWKS that drops it), and a token it signed must then stop passing soon, not after a day.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

  /** A verified token and the instant after which it is verified again. */
  private record Verified(JsonWebToken token, Instant until) {}

  /** What verifies a token in full. */
  @FunctionalInterface
  public interface Verifier {
    JsonWebToken verify(String token) throws ParseException;
  }

  private final JWTParser parser;
  private final Verifier verifier;
  private final Duration reuse;
  private final Clock clock;
  private final Cache<String, Verified> verified;

  @Inject
  public VerifiedTokens(DefaultJWTParser parser, AuthConfig config) {
    this(
        parser,
        parser::parse,
        config.verifiedTokenReuse(),
        config.verifiedTokensKept(),
        Clock.systemUTC());
  }

  /**
   * @param parser answers what is not cached
   * @param verifier verifies a token in full
   * @param reuse how long a verified token is answered without verifying it again (zero: never)
   * @param kept how many verified tokens are kept at most
   * @param clock the time the reuse and the tokens' expiry are measured by
   */
  public VerifiedTokens(
      JWTParser parser, Verifier verifier, Duration reuse, int kept, Clock clock) {
    this.parser = parser;
    this.verifier = verifier;
    this.reuse = reuse.isNegative() ? Duration.ZERO : reuse;
    this.clock = clock;
    this.verified =
        Caffeine.newBuilder().maximumSize(Math.max(kept, 0)).expireAfterWrite(this.reuse).build();
  }

  @Override
  public JsonWebToken parse(String token) throws ParseException {
    if (token == null || reuse.isZero()) {
      return verifier.verify(token);
    }
    String digest = digest(token);
    Instant now = clock.instant();
    Verified known = verified.getIfPresent(digest);
    if (known != null && now.isBefore(known.until())) {
      return known.token();
    }
    JsonWebToken fresh = verifier.verify(token);
    Instant until = now.plus(reuse);
    Instant expires = Instant.ofEpochSecond(fresh.getExpirationTime());
    if (expires.isBefore(until)) {
      until = expires;
    }
    if (now.isBefore(until)) {
      verified.put(digest, new Verified(fresh, until));
    }
    return fresh;
  }

  private static String digest(String token) {
    try {
      return Base64.getEncoder()
          .encodeToString(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256", e);
    }
  }

  @Override
  public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
    return parser.parse(token, context);
  }

  @Override
  public JsonWebToken verify(String token, PublicKey key) throws ParseException {
    return parser.verify(token, key);
  }

  @Override
  public JsonWebToken verify(String token, SecretKey key) throws ParseException {
    return parser.verify(token, key);
  }

  @Override
  public JsonWebToken verify(String token, String secret) throws ParseException {
    return parser.verify(token, secret);
  }

  @Override
  public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
    return parser.decrypt(token, key);
  }

  @Override
  public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
    return parser.decrypt(token, key);
  }

  @Override
  public JsonWebToken decrypt(String token, String secret) throws ParseException {
    return parser.decrypt(token, secret);
  }

  @Override
  public JsonWebToken parseOnly(String token) throws ParseException {
    return parser.parseOnly(token);
  }
}
