package app.openup.feedback.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A rating both partners shared (session.ratings-shared). */
@Entity
@Table(name = "h_rating")
@IdClass(PartnerKey.class)
public class RatingRow extends PanacheEntityBase {

  @Id
  @Column(name = "session_id")
  public UUID id;

  @Id public int version;

  @Id public UUID partnerId;

  public UUID coupleId;
  public int safety;
  public boolean softStart;
  public Instant at;
}
