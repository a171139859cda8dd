package app.openup.feedback.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A need shared in step 2, as needs.events told it. */
@Entity
@Table(name = "h_need")
@IdClass(VersionedKey.class)
public class NeedRow extends PanacheEntityBase {

  @Id
  @Column(name = "need_id")
  public UUID id;

  @Id public int version;

  public UUID coupleId;
  public UUID author;
  public String topic;
  public Instant sharedAt;
  public Instant acknowledgedAt;
  public Instant metAt;
  public Instant withdrawnAt;
}
