package app.openup.feedback.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A praise in the read model of the service's own store, its words sealed with the giver's key. */
@Entity
@Table(name = "praise_row")
@IdClass(VersionedKey.class)
public class PraiseRow extends PanacheEntityBase {

  @Id
  @Column(name = "praise_id")
  public UUID id;

  @Id public int version;

  public UUID coupleId;
  public UUID givenBy;
  public String targetKind;
  public UUID targetId;
  public String style;
  public String words;
  public Instant givenAt;
  public String status;
  public String declinedRule;
  public long streamVersion;
  public Instant updatedAt;
}
