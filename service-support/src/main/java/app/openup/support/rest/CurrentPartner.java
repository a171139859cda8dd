package app.openup.support.rest;

import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.RequestScoped;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The partner making the request: the subject of a token that SmallRye JWT verified (signature,
 * issuer, audience, expiry), which must also carry the partner group, say when it was issued, be no
 * older and valid for no longer than {@link AuthConfig#maxTokenAge()}, and name a partner id (a
 * UUID). Anything else is a 401, never a 500.
 */
@RequestScoped
public class CurrentPartner {

  private final JsonWebToken token;
  private final AuthConfig config;

  public CurrentPartner(JsonWebToken token, AuthConfig config) {
    this.token = token;
    this.config = config;
  }

  /** The partner id. */
  public UUID id() {
    return partnerOf(token, config);
  }

  /**
   * The partner a verified token names, after the checks above; {@link UnauthorizedException}
   * otherwise. For a token that arrived another way than the bearer header (the couple's page keeps
   * it in a cookie and verifies it with the same SmallRye JWT settings).
   */
  public static UUID partnerOf(JsonWebToken token, AuthConfig config) {
    try {
      if (token.getRawToken() == null) {
        throw new UnauthorizedException("No token");
      }
      if (token.getGroups() == null || !token.getGroups().contains(config.group())) {
        throw new UnauthorizedException("The token is not a partner's");
      }
      long issuedAt = token.getIssuedAtTime();
      long expires = token.getExpirationTime();
      long maxAge = config.maxTokenAge().toSeconds();
      if (issuedAt <= 0
          || Instant.now().getEpochSecond() - issuedAt > maxAge
          || expires - issuedAt > maxAge) {
        throw new UnauthorizedException("The token is too old or lives too long");
      }
      Object subject = token.getClaim("sub");
      if (!(subject instanceof String text) && !(subject instanceof jakarta.json.JsonString)) {
        throw new UnauthorizedException("The token's subject is not a partner id");
      }
      return UUID.fromString(token.getSubject());
    } catch (UnauthorizedException e) {
      throw e;
    } catch (RuntimeException e) {
      // A claim of an unexpected shape (a number, an object, not a UUID) names no partner.
      throw new UnauthorizedException("The token's subject is not a partner id");
    }
  }
}
