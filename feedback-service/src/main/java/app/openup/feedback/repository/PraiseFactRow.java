package app.openup.feedback.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A praise as feedback.events told it. */
@Entity
@Table(name = "h_praise")
@IdClass(VersionedKey.class)
public class PraiseFactRow extends PanacheEntityBase {

  @Id
  @Column(name = "praise_id")
  public UUID id;

  @Id public int version;

  public UUID coupleId;
  public UUID givenBy;
  public String targetKind;
  public UUID targetId;
  public String style;
  public Instant givenAt;
  public Instant withdrawnAt;
  public boolean declined;
}
