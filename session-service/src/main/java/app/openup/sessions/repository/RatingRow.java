package app.openup.sessions.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A partner's rating of a session, sealed, and whether they chose to share it. */
@Entity
@Table(name = "session_rating_row")
@IdClass(PartnerKey.class)
public class RatingRow extends PanacheEntityBase {

  @Id public UUID sessionId;
  @Id public int version;
  @Id public UUID partnerId;

  public String rating;
  public boolean sharedWithPartner;
  public Instant ratedAt;
}
