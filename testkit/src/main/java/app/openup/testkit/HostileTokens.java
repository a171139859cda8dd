package app.openup.testkit;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The tokens an attacker tries: unsigned, signed with the public key as an HMAC secret or with
 * another key, expired, not yet valid, of another issuer or audience, without the partner group,
 * too old, valid for years, and subjects that are no partner id. Every service's edge test sends
 * each of them to every kind of endpoint and expects a 401 problem.
 */
public final class HostileTokens {

  private HostileTokens() {}

  private static String unsigned(Map<String, Object> claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
    StringBuilder body = new StringBuilder("{");
    claims.forEach(
        (k, v) ->
            body.append(body.length() > 1 ? "," : "")
                .append('"')
                .append(k)
                .append("\":")
                .append(v instanceof String ? "\"" + v + "\"" : v));
    body.append('}');
    return header + "." + b64.encodeToString(body.toString().getBytes()) + ".";
  }

  /**
   * Every hostile token, by what is wrong with it, each made for {@code partner} from {@code
   * tokens} (whose own tokens for that partner are let in).
   */
  public static Map<String, String> against(PartnerTokens tokens, String partner) {
    long now = Instant.now().getEpochSecond();
    Map<String, String> hostile = new LinkedHashMap<>();
    hostile.put(
        "alg none",
        unsigned(
            Map.of(
                "iss",
                JwtKeys.ISSUER,
                "aud",
                JwtKeys.AUDIENCE,
                "sub",
                partner,
                "groups",
                "[\"partner\"]",
                "iat",
                now,
                "exp",
                now + 600)));
    hostile.put(
        "HS256 signed with the public key",
        tokens
            .builder(partner)
            .jws()
            .algorithm(SignatureAlgorithm.HS256)
            .signWithSecret(tokens.publicKeyPem()));
    Function<Function<JwtClaimsBuilder, JwtClaimsBuilder>, String> signed =
        change -> tokens.sign(change.apply(tokens.builder(partner)));
    hostile.put("expired", signed.apply(b -> b.issuedAt(now - 7200).expiresAt(now - 3600)));
    hostile.put("not yet valid", signed.apply(b -> b.claim("nbf", now + 3600)));
    hostile.put("wrong issuer", signed.apply(b -> b.issuer("https://evil.example")));
    hostile.put("wrong audience", signed.apply(b -> b.audience("another-app")));
    hostile.put("no partner group", signed.apply(b -> b.groups("admin")));
    hostile.put("too old", signed.apply(b -> b.issuedAt(now - 25 * 3600).expiresAt(now + 3600)));
    hostile.put("valid for ten years", signed.apply(b -> b.expiresIn(Duration.ofDays(3650))));
    String claims =
        "\"iss\":\""
            + JwtKeys.ISSUER
            + "\",\"aud\":\""
            + JwtKeys.AUDIENCE
            + "\",\"groups\":[\"partner\"],\"iat\":"
            + now
            + ",\"exp\":"
            + (now + 600);
    hostile.put("subject is a number", tokens.signRaw("{" + claims + ",\"sub\":12345}"));
    hostile.put(
        "subject is an object",
        tokens.signRaw("{" + claims + ",\"sub\":{\"id\":\"" + partner + "\"}}"));
    hostile.put("subject is not a UUID", signed.apply(b -> b.subject("auth0|123")));
    hostile.put(
        "signed with another key",
        new PartnerTokens(JwtKeys.loadOrCreate(tempDir())).sign(tokens.builder(partner)));
    return hostile;
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("other-jwt-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
