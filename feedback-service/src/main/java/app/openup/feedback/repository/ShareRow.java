package app.openup.feedback.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A share in a session (depth 1 light, 2 moderate, 3 deep), as sessions.events told it. */
@Entity
@Table(name = "h_share")
@IdClass(VersionedKey.class)
public class ShareRow extends PanacheEntityBase {

  @Id
  @Column(name = "share_id")
  public UUID id;

  @Id public int version;

  public UUID coupleId;
  public UUID sessionId;
  public UUID author;
  public int depth;
  public String kind;
  public String topic;
  public Instant sharedAt;
}
