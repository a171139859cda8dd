package app.openup.needs.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A need in the read model: its draft and, once shared, the shared need. Words stay sealed. */
@Entity
@Table(name = "need_row")
@IdClass(NeedRow.Key.class)
public class NeedRow extends PanacheEntityBase {

  public static class Key implements Serializable {
    public UUID needId;
    public int version;

    public Key() {}

    public Key(UUID needId, int version) {
      this.needId = needId;
      this.version = version;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key
          && Objects.equals(needId, key.needId)
          && version == key.version;
    }

    @Override
    public int hashCode() {
      return Objects.hash(needId, version);
    }
  }

  @Id public UUID needId;
  @Id public int version;

  public UUID coupleId;
  public UUID author;
  public String topic;
  public String status;

  /** Sealed text, as the vault wrote it. */
  public String meaning;

  public String hopedOutcome;
  public String why;
  public UUID metBy;
  public Instant draftedAt;
  public Instant sharedAt;
  public Instant updatedAt;

  /** The global position of the draft: lists sort by it, newest first. */
  public long draftedPosition;

  /** The need's ETag: how many events its two streams hold (the draft's and the shared need's). */
  public long streamVersion;
}
