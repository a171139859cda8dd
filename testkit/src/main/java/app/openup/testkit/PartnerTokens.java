package app.openup.testkit;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * Mints signed bearer tokens (RS256) for partners, as an OIDC provider would: the partner id is the
 * subject.
 */
public final class PartnerTokens {

  private final JwtKeys keys;

  public PartnerTokens(JwtKeys keys) {
    this.keys = keys;
  }

  /** Tokens signed with the test JVM's key pair, the one {@link OpenUpTestResources} installs. */
  public static PartnerTokens forTests() {
    return new PartnerTokens(TestJwtKeys.shared());
  }

  /** A token valid for an hour for the partner {@code partnerId}. */
  public String forPartner(UUID partnerId) {
    return forPartner(partnerId, Duration.ofHours(1));
  }

  public String forPartner(UUID partnerId, Duration validFor) {
    return forSubject(partnerId.toString(), validFor);
  }

  /** A validly signed token whose subject is any text, for tests of tokens that name no partner. */
  public String forSubject(String subject, Duration validFor) {
    return builder(subject).expiresIn(validFor).sign(keys.privateKey());
  }

  /**
   * A partner's token as the services expect it (issuer, audience, the partner group, issued now),
   * to change one thing of before {@link #sign}: how the tests make hostile tokens.
   */
  public JwtClaimsBuilder builder(String subject) {
    return Jwt.issuer(JwtKeys.ISSUER)
        .audience(JwtKeys.AUDIENCE)
        .subject(subject)
        .upn(subject)
        .groups("partner")
        .issuedAt(java.time.Instant.now())
        .expiresIn(Duration.ofHours(1));
  }

  /**
   * Signs any JSON as a token's claims (RS256), also claims no builder would write (a subject that
   * is a number or an object): how the tests make the most hostile tokens.
   */
  public String signRaw(String claimsJson) {
    try {
      org.jose4j.jws.JsonWebSignature jws = new org.jose4j.jws.JsonWebSignature();
      jws.setPayload(claimsJson);
      jws.setKey(keys.privateKey());
      jws.setAlgorithmHeaderValue(org.jose4j.jws.AlgorithmIdentifiers.RSA_USING_SHA256);
      jws.setHeader("typ", "JWT");
      return jws.getCompactSerialization();
    } catch (org.jose4j.lang.JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Signs claims with this key pair (RS256). */
  public String sign(JwtClaimsBuilder claims) {
    return claims.sign(keys.privateKey());
  }

  /** The public key's PEM text, for tests that forge a token with it (HS256 "signed" with it). */
  public String publicKeyPem() {
    try {
      return java.nio.file.Files.readString(keys.publicKeyFile());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Prints a token for each partner id given, for the local run. Arguments: the key folder, then
   * partner ids.
   */
  public static void main(String[] args) {
    PartnerTokens tokens = new PartnerTokens(JwtKeys.loadOrCreate(Path.of(args[0])));
    for (int i = 1; i < args.length; i++) {
      System.out.println(tokens.forPartner(UUID.fromString(args[i]), Duration.ofHours(12)));
    }
  }
}
