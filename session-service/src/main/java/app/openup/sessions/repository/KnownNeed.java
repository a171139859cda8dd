package app.openup.sessions.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** A need shared in a couple (step 2), as needs.events told it: a session can be about it. */
@Entity
@Table(name = "known_need")
public class KnownNeed extends PanacheEntityBase {

  @Id
  @Column(name = "need_id")
  public UUID id;

  public UUID coupleId;
  public String topic;
}
