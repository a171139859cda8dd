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

/** What a partner said they heard of a need (sealed). */
@Entity
@Table(name = "need_acknowledgement_row")
@IdClass(NeedAcknowledgementRow.Key.class)
public class NeedAcknowledgementRow extends PanacheEntityBase {

  public static class Key implements Serializable {
    public UUID needId;
    public int version;
    public long seq;

    public Key() {}

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key
          && Objects.equals(needId, key.needId)
          && version == key.version
          && seq == key.seq;
    }

    @Override
    public int hashCode() {
      return Objects.hash(needId, version, seq);
    }
  }

  @Id public UUID needId;
  @Id public int version;

  /** The version of the need's stream that recorded it. */
  @Id public long seq;

  public UUID byPartner;
  public String heard;
  public Instant at;
}
