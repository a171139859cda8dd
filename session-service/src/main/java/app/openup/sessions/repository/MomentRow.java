package app.openup.sessions.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A defensive moment noticed, and the open question suggested instead. */
@Entity
@Table(name = "session_moment_row")
@IdClass(VersionedKey.class)
public class MomentRow extends PanacheEntityBase {

  @Id
  @Column(name = "moment_id")
  public UUID id;

  @Id public int version;

  public UUID sessionId;
  public UUID noticedBy;
  public String whose;
  public String suggestion;
  public Instant noticedAt;
  public long position;
}
