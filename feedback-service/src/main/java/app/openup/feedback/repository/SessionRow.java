package app.openup.feedback.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A session as sessions.events told it. */
@Entity
@Table(name = "h_session")
@IdClass(VersionedKey.class)
public class SessionRow extends PanacheEntityBase {

  @Id
  @Column(name = "session_id")
  public UUID id;

  @Id public int version;

  public UUID coupleId;
  public UUID initiator;
  public Instant proposedAt;
  public Instant startedAt;
  public Instant closedAt;
  public String closeReason;
}
