package app.openup.testkit;

import io.smallrye.jwt.build.Jwt;
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
    return Jwt.issuer(JwtKeys.ISSUER)
        .subject(subject)
        .upn(subject)
        .groups("partner")
        .expiresIn(validFor)
        .sign(keys.privateKey());
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
