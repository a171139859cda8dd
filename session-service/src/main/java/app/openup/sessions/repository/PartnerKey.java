package app.openup.sessions.repository;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** The key of a read-model row of one partner in one session, in one read-model version. */
public class PartnerKey implements Serializable {
  public UUID sessionId;
  public int version;
  public UUID partnerId;

  public PartnerKey() {}

  public PartnerKey(UUID sessionId, int version, UUID partnerId) {
    this.sessionId = sessionId;
    this.version = version;
    this.partnerId = partnerId;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PartnerKey key
        && Objects.equals(sessionId, key.sessionId)
        && version == key.version
        && Objects.equals(partnerId, key.partnerId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sessionId, version, partnerId);
  }
}
