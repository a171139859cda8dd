package app.openup.feedback.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A partner's consent to comparisons with their partner (private: never published). */
@Entity
@Table(name = "consent_row")
@IdClass(PartnerKey.class)
public class ConsentRow extends PanacheEntityBase {

  @Id
  @Column(name = "couple_id")
  public UUID id;

  @Id public int version;

  @Id public UUID partnerId;

  public boolean optedIn;
  public Instant updatedAt;
}
