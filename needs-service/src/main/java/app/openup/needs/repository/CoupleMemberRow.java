package app.openup.needs.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** A partner of a couple in the read model, and whether they left or were erased. */
@Entity
@Table(name = "couple_member_row")
@IdClass(CoupleMemberRow.Key.class)
public class CoupleMemberRow extends PanacheEntityBase {

  public static class Key implements Serializable {
    public UUID coupleId;
    public int version;
    public UUID partnerId;

    public Key() {}

    public Key(UUID coupleId, int version, UUID partnerId) {
      this.coupleId = coupleId;
      this.version = version;
      this.partnerId = partnerId;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key
          && Objects.equals(coupleId, key.coupleId)
          && version == key.version
          && Objects.equals(partnerId, key.partnerId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(coupleId, version, partnerId);
    }
  }

  @Id public UUID coupleId;
  @Id public int version;
  @Id public UUID partnerId;

  /** The global position of the event that made them a partner: lists sort by it. */
  public long sincePosition;

  public boolean leftCouple;
  public boolean erased;
}
