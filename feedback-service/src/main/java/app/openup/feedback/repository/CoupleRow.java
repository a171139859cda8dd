package app.openup.feedback.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A couple as needs.events told it. */
@Entity
@Table(name = "h_couple")
@IdClass(VersionedKey.class)
public class CoupleRow extends PanacheEntityBase {

  @Id
  @Column(name = "couple_id")
  public UUID id;

  @Id public int version;

  public Instant formedAt;
  public Instant closedAt;
}
