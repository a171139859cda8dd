package app.openup.sessions.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A couple as needs.events told it (written by {@code MembershipProjection}). */
@Entity
@Table(name = "known_couple")
public class KnownCouple extends PanacheEntityBase {

  @Id
  @Column(name = "couple_id")
  public UUID id;

  public Instant formedAt;
}
