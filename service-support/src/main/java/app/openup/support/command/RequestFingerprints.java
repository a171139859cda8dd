package app.openup.support.command;

import app.openup.eventing.vault.Vault;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What an idempotency key is bound to: a keyed hash of the operation, the ids in its path and the
 * request's body, as the client sent it (not the ids or times the service made for it). The same
 * key with another request is refused (422), as the IETF {@code Idempotency-Key} draft describes.
 */
@ApplicationScoped
public class RequestFingerprints {

  private final Vault vault;
  private final ObjectMapper json;

  public RequestFingerprints(Vault vault, ObjectMapper json) {
    this.vault = vault;
    this.json = json;
  }

  /** The fingerprint of {@code operation} on {@code path} with {@code body} (null if none). */
  public String of(String operation, String path, Object body) {
    try {
      return vault.fingerprint(
          operation + "\n" + path + "\n" + (body == null ? "" : json.writeValueAsString(body)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A request body that cannot be written as JSON", e);
    }
  }
}
