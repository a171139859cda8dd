package app.openup.sessions.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A partner's last check-in: ready or not yet, and the numbers, sealed, for them alone. */
@Entity
@Table(name = "session_readiness_row")
@IdClass(PartnerKey.class)
public class ReadinessRow extends PanacheEntityBase {

  @Id public UUID sessionId;
  @Id public int version;
  @Id public UUID partnerId;

  /** The session's round (its time as proposed then) this check-in was given for. */
  public int round;

  public boolean ready;
  public String detail;
  public Instant checkedInAt;
}
