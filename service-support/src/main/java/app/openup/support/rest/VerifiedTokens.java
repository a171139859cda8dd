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
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * SmallRye JWT's parser, verifying each token once for a while: a partner's app sends the same
 * token with every request, and checking its RSA signature each time was the hottest method of
 * needs-service's profile (8% of its Java samples) and a tenth of feedback-service's in the first
 * platform benchmark. A token that passed every check of {@link DefaultJWTParser} (signature,
 * issuer, audience, expiry) is answered again without them for at most {@link
 * AuthConfig#verifiedTokenReuse()}, and never once its {@code exp} has passed; a token SmallRye
 * refused is never kept, so it is refused again in full. What {@link CurrentPartner} checks (the
 * group, the age, the subject) is still checked on every request.
 *
 * <p>The kept tokens are keyed by a SHA-256 digest of their signed part and their signature's bytes
 * (so that another spelling of the same signature is not another entry); the value is the verified
 * token, its text included. Only compact tokens of base64url characters and at most {@value
 * #LONGEST_KEPT} characters are kept, at most {@link AuthConfig#verifiedTokensKept()} of them:
 * whoever holds one valid token cannot fill the memory with variants of it, and a longer token is
 * verified on every request. Replaces the {@link JWTParser} that Quarkus's bearer-token
 * authentication and the couple's page use; its other methods (a key of the caller's own) are not
 * cached.
 *
 * <p>Why a bounded reuse and not the token's whole life: a verification key can be withdrawn (a
 * JWKS that drops it), and a token it signed must then stop passing soon, not after a day.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

  /** The longest token kept; a partner's token is well under a kilobyte. */
  static final int LONGEST_KEPT = 2048;

  private static final Pattern COMPACT =
      Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

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
   * @param kept how many verified tokens are kept at most (zero: none)
   * @param clock the time the reuse and the tokens' expiry are measured by
   */
  public VerifiedTokens(
      JWTParser parser, Verifier verifier, Duration reuse, int kept, Clock clock) {
    this.parser = parser;
    this.verifier = verifier;
    this.reuse = reuse.isNegative() || kept <= 0 ? Duration.ZERO : reuse;
    this.clock = clock;
    this.verified =
        Caffeine.newBuilder().maximumSize(Math.max(kept, 0)).expireAfterWrite(this.reuse).build();
  }

  @Override
  public JsonWebToken parse(String token) throws ParseException {
    String key = reuse.isZero() ? null : key(token);
    if (key == null) {
      return verifier.verify(token);
    }
    Instant now = clock.instant();
    Verified known = verified.getIfPresent(key);
    if (known != null && now.isBefore(known.until())) {
      return known.token();
    }
    JsonWebToken fresh = verifier.verify(token);
    // Compared in seconds: an exp beyond what an Instant holds must not become an error.
    Instant until = now.plus(reuse);
    long expires = fresh.getExpirationTime();
    if (expires < until.getEpochSecond()) {
      until = Instant.ofEpochSecond(Math.max(expires, 0));
    }
    if (now.isBefore(until)) {
      verified.put(key, new Verified(fresh, until));
    }
    return fresh;
  }

  /**
   * The token's key: a digest of its signed part and of its signature's bytes; null for a token
   * that is not kept (not compact base64url, or too long).
   */
  static String key(String token) {
    if (token == null || token.length() > LONGEST_KEPT || !COMPACT.matcher(token).matches()) {
      return null;
    }
    int dot = token.lastIndexOf('.');
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(token.substring(0, dot + 1).getBytes(StandardCharsets.US_ASCII));
      sha256.update(Base64.getUrlDecoder().decode(token.substring(dot + 1)));
      return Base64.getEncoder().encodeToString(sha256.digest());
    } catch (IllegalArgumentException notBase64) {
      // A signature of one character too many or too few (4n + 1): SmallRye decides.
      return null;
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
