package app.openup.needs.rest;

import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The partner making the request: the token's subject, which must be a partner id (a UUID). */
@RequestScoped
public class CurrentPartner {

  private final JsonWebToken token;

  public CurrentPartner(JsonWebToken token) {
    this.token = token;
  }

  /** The partner id; a token whose subject is not one is not a partner's token (401). */
  public UUID id() {
    String subject = token.getSubject();
    try {
      return UUID.fromString(subject);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new UnauthorizedException("The token's subject is not a partner id");
    }
  }
}
