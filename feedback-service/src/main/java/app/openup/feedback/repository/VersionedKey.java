package app.openup.feedback.repository;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** The key of a read-model row that one id names: the id, and the read model's version. */
public class VersionedKey implements Serializable {
  public UUID id;
  public int version;

  public VersionedKey() {}

  public VersionedKey(UUID id, int version) {
    this.id = id;
    this.version = version;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VersionedKey key
        && Objects.equals(id, key.id)
        && version == key.version;
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, version);
  }
}
