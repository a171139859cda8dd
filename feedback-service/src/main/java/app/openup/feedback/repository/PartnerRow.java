package app.openup.feedback.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A partner of a couple, and whether they left or were erased. */
@Entity
@Table(name = "h_partner")
@IdClass(PartnerKey.class)
public class PartnerRow extends PanacheEntityBase {

  @Id
  @Column(name = "couple_id")
  public UUID id;

  @Id public int version;

  @Id public UUID partnerId;

  public Instant leftAt;
  public boolean erased;
}
