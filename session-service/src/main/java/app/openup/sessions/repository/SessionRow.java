package app.openup.sessions.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A session in the read model. The place stays sealed, with who wrote it. */
@Entity
@Table(name = "session_row")
@IdClass(VersionedKey.class)
public class SessionRow extends PanacheEntityBase {

  @Id
  @Column(name = "session_id")
  public UUID id;

  @Id public int version;

  public UUID coupleId;
  public UUID initiator;
  public UUID proposedBy;
  public String status;
  public Instant startsAt;
  public Instant endsAt;

  /** Sealed text, as the vault wrote it, by {@link #placeAuthor}. */
  public String place;

  public UUID placeAuthor;
  public UUID needId;
  public String topic;
  public String groundRule;
  public Instant startedAt;
  public Instant closedAt;
  public String closeReason;
  public Instant lastActivityAt;

  /** The global position of the proposal: lists sort by it, newest first. */
  public long proposedPosition;

  /** How many times another time was offered: check-ins of an earlier round no longer count. */
  public int round;

  /** The session's ETag: how many events it has. */
  public long streamVersion;

  public Instant updatedAt;
}
