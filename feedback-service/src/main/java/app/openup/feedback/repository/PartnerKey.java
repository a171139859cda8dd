package app.openup.feedback.repository;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** The key of a read-model row of one partner in a couple or a session, in one version. */
public class PartnerKey implements Serializable {
  public UUID id;
  public int version;
  public UUID partnerId;

  public PartnerKey() {}

  public PartnerKey(UUID id, int version, UUID partnerId) {
    this.id = id;
    this.version = version;
    this.partnerId = partnerId;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PartnerKey key
        && Objects.equals(id, key.id)
        && version == key.version
        && Objects.equals(partnerId, key.partnerId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, version, partnerId);
  }
}
