package app.openup.needs.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A round trip that came back through the broker. */
@Entity
@Table(name = "round_trip")
public class RoundTrip extends PanacheEntityBase {

  @Id public UUID id;
  public UUID partnerId;
  public Instant sentAt;
  public Instant receivedAt;

  protected RoundTrip() {}

  public RoundTrip(UUID id, UUID partnerId, Instant sentAt, Instant receivedAt) {
    this.id = id;
    this.partnerId = partnerId;
    this.sentAt = sentAt;
    this.receivedAt = receivedAt;
  }

  /** The round trip, if it arrived and was sent by this partner. */
  public static Uni<RoundTrip> findForPartner(UUID id, UUID partnerId) {
    return find("id = ?1 and partnerId = ?2", id, partnerId).firstResult();
  }
}
