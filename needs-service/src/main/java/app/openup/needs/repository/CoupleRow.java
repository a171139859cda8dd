package app.openup.needs.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A couple in the read model (one version of it). */
@Entity
@Table(name = "couple_row")
@IdClass(CoupleRow.Key.class)
public class CoupleRow extends PanacheEntityBase {

  /** The row's identity: the couple, in one version of the read model. */
  public static class Key implements Serializable {
    public UUID coupleId;
    public int version;

    public Key() {}

    public Key(UUID coupleId, int version) {
      this.coupleId = coupleId;
      this.version = version;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key
          && Objects.equals(coupleId, key.coupleId)
          && version == key.version;
    }

    @Override
    public int hashCode() {
      return Objects.hash(coupleId, version);
    }
  }

  @Id public UUID coupleId;
  @Id public int version;

  /** The couple stream's version: the couple's ETag. */
  public long streamVersion;

  public Instant formedAt;
  public Instant updatedAt;
  public UUID invitationId;
  public Instant invitationExpiresAt;
}
