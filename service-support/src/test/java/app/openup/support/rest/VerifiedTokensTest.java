package app.openup.support.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import app.openup.testkit.HostileTokens;
import app.openup.testkit.JwtKeys;
import app.openup.testkit.PartnerTokens;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against SmallRye JWT's own parser, with real RS256 tokens from the testkit's key pair. */
class VerifiedTokensTest {

  /** Refused by the signature, issuer, audience or time checks that the cache stands in for. */
  private static final Set<String> REFUSED_BY_THE_PARSER =
      Set.of(
          "alg none",
          "HS256 signed with the public key",
          "expired",
          "not yet valid",
          "wrong issuer",
          "wrong audience",
          "signed with another key");

  private static final AuthConfig AUTH =
      new AuthConfig() {
        @Override
        public String group() {
          return "partner";
        }

        @Override
        public Duration maxTokenAge() {
          return Duration.ofHours(24);
        }

        @Override
        public Duration verifiedTokenReuse() {
          return Duration.ofMinutes(1);
        }

        @Override
        public int verifiedTokensKept() {
          return 100;
        }
      };

  @TempDir Path keys;

  private final AtomicInteger verifications = new AtomicInteger();
  private final MovableClock clock = new MovableClock();

  private PartnerTokens tokens() {
    return new PartnerTokens(JwtKeys.loadOrCreate(keys));
  }

  private VerifiedTokens cache(Duration reuse) throws Exception {
    JWTAuthContextInfo context =
        new JWTAuthContextInfo(
            JwtKeys.loadOrCreate(keys).publicKeyFile().toUri().toString(), JwtKeys.ISSUER);
    context.setExpectedAudience(Set.of(JwtKeys.AUDIENCE));
    DefaultJWTParser parser = new DefaultJWTParser(context);
    return new VerifiedTokens(
        parser,
        token -> {
          verifications.incrementAndGet();
          return parser.parse(token);
        },
        reuse,
        100,
        clock);
  }

  @Test
  void aVerifiedTokenIsVerifiedAgainOnlyOnceItsReuseHasRunOut() throws Exception {
    VerifiedTokens cache = cache(Duration.ofMinutes(1));
    UUID partner = UUID.randomUUID();
    String token = tokens().forPartner(partner);

    JsonWebToken first = cache.parse(token);
    JsonWebToken again = cache.parse(token);
    assertEquals(1, verifications.get());
    assertEquals(partner, CurrentPartner.partnerOf(again, AUTH));
    assertEquals(first.getSubject(), again.getSubject());

    clock.move(Duration.ofSeconds(61));
    cache.parse(token);
    assertEquals(2, verifications.get());
  }

  @Test
  void aKeptTokenIsNeverAnsweredPastItsExpiry() throws Exception {
    VerifiedTokens cache = cache(Duration.ofMinutes(1));
    String token = tokens().forPartner(UUID.randomUUID(), Duration.ofSeconds(20));
    Instant expires = Instant.ofEpochSecond(cache.parse(token).getExpirationTime());

    clock.set(expires.minusSeconds(1));
    cache.parse(token);
    assertEquals(1, verifications.get());

    // The reuse has not run out, the token has: verified in full again (here the parser's clock
    // is the real one, so it still passes; what matters is that the cache did not answer).
    clock.set(expires);
    cache.parse(token);
    assertEquals(2, verifications.get());
  }

  @Test
  void aTokenThatFailsVerificationFailsInFullEveryTimeAndIsNeverKept() throws Exception {
    VerifiedTokens cache = cache(Duration.ofMinutes(1));
    Map<String, String> hostile = HostileTokens.against(tokens(), UUID.randomUUID().toString());
    for (String name : REFUSED_BY_THE_PARSER) {
      String token = hostile.get(name);
      int before = verifications.get();
      assertThrows(ParseException.class, () -> cache.parse(token), name);
      assertThrows(ParseException.class, () -> cache.parse(token), name);
      assertEquals(before + 2, verifications.get(), name + ": verified both times");
    }
  }

  @Test
  void whatCurrentPartnerRefusesIsRefusedAlsoWhenTheTokenWasKept() throws Exception {
    VerifiedTokens cache = cache(Duration.ofMinutes(1));
    Map<String, String> hostile = HostileTokens.against(tokens(), UUID.randomUUID().toString());
    for (Map.Entry<String, String> each : hostile.entrySet()) {
      if (REFUSED_BY_THE_PARSER.contains(each.getKey())) {
        continue;
      }
      for (int time = 0; time < 2; time++) {
        JsonWebToken token;
        try {
          token = cache.parse(each.getValue());
        } catch (ParseException refused) {
          continue;
        }
        assertThrows(
            UnauthorizedException.class,
            () -> CurrentPartner.partnerOf(token, AUTH),
            each.getKey());
      }
    }
  }

  @Test
  void aTokenWithAnotherSignatureIsNotAnsweredFromTheGenuineOnesEntry() throws Exception {
    VerifiedTokens cache = cache(Duration.ofMinutes(1));
    String genuine = tokens().forPartner(UUID.randomUUID());
    cache.parse(genuine);

    int dot = genuine.lastIndexOf('.');
    String signature = genuine.substring(dot + 1);
    String changed =
        genuine.substring(0, dot + 1)
            + (signature.charAt(0) == 'A' ? 'B' : 'A')
            + signature.substring(1);
    assertThrows(ParseException.class, () -> cache.parse(changed));
    assertEquals(2, verifications.get());
  }

  @Test
  void aReuseOfZeroVerifiesEveryRequest() throws Exception {
    VerifiedTokens cache = cache(Duration.ZERO);
    String token = tokens().forPartner(UUID.randomUUID());
    cache.parse(token);
    cache.parse(token);
    assertEquals(2, verifications.get());
  }

  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    private Instant now = Instant.now();

    void move(Duration by) {
      now = now.plus(by);
    }

    void set(Instant at) {
      now = at;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
