package app.openup.eventing.vault;

import java.util.Base64;
import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that wraps every data key of a service, from configuration or a Kubernetes Secret. Its id
 * is stored with each wrapped key so that a new master key can be introduced beside an old one. It
 * never prints itself.
 */
public final class MasterKey {

  private final String id;
  private final SecretKey key;

  private MasterKey(String id, byte[] key) {
    this.id = Objects.requireNonNull(id, "id");
    if (key.length != 32) {
      throw new IllegalArgumentException("A master key is 32 bytes (AES-256), base64-encoded");
    }
    this.key = new SecretKeySpec(key, "AES");
  }

  /** A master key from its id and base64 text (32 bytes). */
  public static MasterKey of(String id, String base64) {
    try {
      return new MasterKey(id, Base64.getDecoder().decode(base64.trim()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("The master key " + id + " is not 32 bytes of base64");
    }
  }

  public String id() {
    return id;
  }

  SecretKey secretKey() {
    return key;
  }

  @Override
  public String toString() {
    return "MasterKey[" + id + "]";
  }
}
