package app.openup.support.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
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
    return cache(reuse, 100);
  }

  private VerifiedTokens cache(Duration reuse, int kept) throws Exception {
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
        kept,
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
    int kept = 0;
    for (Map.Entry<String, String> each : hostile.entrySet()) {
      if (REFUSED_BY_THE_PARSER.contains(each.getKey())) {
        continue;
      }
      JsonWebToken first;
      try {
        first = cache.parse(each.getValue());
      } catch (ParseException refused) {
        // SmallRye's claim checks refused it (a subject that is not a string): never kept.
        assertThrows(ParseException.class, () -> cache.parse(each.getValue()), each.getKey());
        continue;
      }
      int before = verifications.get();
      JsonWebToken again = cache.parse(each.getValue());
      assertEquals(before, verifications.get(), each.getKey() + ": answered from what was kept");
      for (JsonWebToken token : List.of(first, again)) {
        assertThrows(
            UnauthorizedException.class,
            () -> CurrentPartner.partnerOf(token, AUTH),
            each.getKey());
      }
      kept++;
    }
    // No partner group, too old, valid for ten years, a subject that is not a UUID: all signed
    // well, all kept, all refused.
    assertTrue(kept >= 4, kept + " kept");
  }

  @Test
  void anotherSpellingOfAKeptTokenIsNeitherANewEntryNorAnsweredUnlessItIsTheSameSignature()
      throws Exception {
    VerifiedTokens cache = cache(Duration.ofMinutes(1));
    String genuine = tokens().forPartner(UUID.randomUUID());
    cache.parse(genuine);
    assertEquals(1, verifications.get());

    // The last character of an RS256 signature carries bits that no byte uses: the same bytes,
    // so the same key, answered as the genuine token was.
    int dot = genuine.lastIndexOf('.');
    char last = genuine.charAt(genuine.length() - 1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int value = alphabet.indexOf(last);
    String sameBytes = genuine.substring(0, genuine.length() - 1) + alphabet.charAt(value ^ 1);
    assertEquals(VerifiedTokens.key(genuine), VerifiedTokens.key(sameBytes));

    // Characters outside base64url, padding, or a token too long are never kept: each is left to
    // SmallRye every time, whatever it answers.
    String padded = genuine + "=";
    String marked = genuine.substring(0, dot + 1) + "!" + genuine.substring(dot + 1);
    String longer =
        tokens()
            .sign(
                tokens()
                    .builder(UUID.randomUUID().toString())
                    .claim("padding", "x".repeat(VerifiedTokens.LONGEST_KEPT)));
    for (String variant : List.of(padded, marked, longer)) {
      assertNull(VerifiedTokens.key(variant));
      int before = verifications.get();
      for (int time = 0; time < 2; time++) {
        try {
          cache.parse(variant);
        } catch (ParseException refused) {
          // Refused or not, it was verified in full.
        }
      }
      assertEquals(before + 2, verifications.get());
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
  void aReuseOfZeroOrRoomForNoneVerifiesEveryRequest() throws Exception {
    String token = tokens().forPartner(UUID.randomUUID());
    for (VerifiedTokens cache : List.of(cache(Duration.ZERO), cache(Duration.ofMinutes(1), 0))) {
      int before = verifications.get();
      cache.parse(token);
      cache.parse(token);
      assertEquals(before + 2, verifications.get());
    }
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
