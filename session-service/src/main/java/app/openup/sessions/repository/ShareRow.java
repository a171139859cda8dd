package app.openup.sessions.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A share in a session; its text stays sealed with its author's key. */
@Entity
@Table(name = "session_share_row")
@IdClass(VersionedKey.class)
public class ShareRow extends PanacheEntityBase {

  @Id
  @Column(name = "share_id")
  public UUID id;

  @Id public int version;

  public UUID sessionId;
  public UUID author;
  public String depth;
  public String kind;
  public String topic;
  public String text;
  public Instant sharedAt;
  public long position;
}
