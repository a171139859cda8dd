package app.openup.sessions.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** A partner of a known couple, and whether they left it or were erased. */
@Entity
@Table(name = "known_partner")
@IdClass(KnownPartner.Key.class)
public class KnownPartner extends PanacheEntityBase {

  public static class Key implements Serializable {
    public UUID coupleId;
    public UUID partnerId;

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key
          && Objects.equals(coupleId, key.coupleId)
          && Objects.equals(partnerId, key.partnerId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(coupleId, partnerId);
    }
  }

  @Id public UUID coupleId;
  @Id public UUID partnerId;

  public boolean leftCouple;
  public boolean erased;
}
