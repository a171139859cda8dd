package app.openup.feedback.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An open question (curiosity) or a defensive moment noticed, in a session. */
@Entity
@Table(name = "h_engagement")
@IdClass(VersionedKey.class)
public class EngagementRow extends PanacheEntityBase {

  @Id
  @Column(name = "event_id")
  public UUID id;

  @Id public int version;

  public UUID coupleId;
  public UUID sessionId;
  public UUID byPartner;
  public boolean curiosity;
  public Instant at;
}
