package app.openup.sessions.messaging;

import app.openup.eventing.projection.IncomingEvent;
import app.openup.eventing.store.EventCatalog;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The facts of {@code needs.events} session-service needs, read tolerantly: only the fields it
 * uses, anything else ignored, any other event type skipped. Checked against needs-service's
 * published schemas by the tests.
 */
public sealed interface NeedsFact {

  UUID coupleId();

  /** A couple formed with its first partner. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record CoupleFormed(UUID coupleId, UUID firstPartner, Instant formedAt) implements NeedsFact {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record PartnerJoined(UUID coupleId, UUID partnerId) implements NeedsFact {}

  /** The safety exit: the couple is closed. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record PartnerLeft(UUID coupleId, UUID partnerId) implements NeedsFact {}

  /** The partner was erased: the couple is closed and this service forgets their key. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record PartnerErased(UUID coupleId, UUID partnerId) implements NeedsFact {}

  /** A need shared (step 2): a session can be about it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record NeedShared(UUID needId, UUID coupleId, String topic) implements NeedsFact {}

  /** A record that is not a fact of needs.events as this service reads them. */
  final class Unreadable extends RuntimeException {
    Unreadable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The fact an event tells, or null for a type this service does not use; {@link Unreadable} for a
   * known type whose data is not what its schema promises.
   */
  static NeedsFact of(IncomingEvent event) {
    Class<? extends NeedsFact> type =
        switch (event.type()) {
          case "app.openup.couple.formed.v1" -> CoupleFormed.class;
          case "app.openup.couple.partner-joined.v1" -> PartnerJoined.class;
          case "app.openup.couple.partner-left.v1" -> PartnerLeft.class;
          case "app.openup.couple.partner-erased.v1" -> PartnerErased.class;
          case "app.openup.need.shared.v1" -> NeedShared.class;
          default -> null;
        };
    if (type == null) {
      return null;
    }
    NeedsFact fact;
    try {
      fact = EventCatalog.json().readValue(event.dataJson(), type);
    } catch (JsonProcessingException e) {
      throw new Unreadable("Unreadable " + event.type() + ": " + e.getOriginalMessage(), e);
    }
    if (!complete(fact) || !Objects.equals(fact.coupleId(), event.partitionKey())) {
      throw new Unreadable(event.type() + " without what its schema requires", null);
    }
    return fact;
  }

  private static boolean complete(NeedsFact fact) {
    if (fact.coupleId() == null) {
      return false;
    }
    if (fact instanceof CoupleFormed formed) {
      return formed.firstPartner() != null && formed.formedAt() != null;
    }
    if (fact instanceof PartnerJoined joined) {
      return joined.partnerId() != null;
    }
    if (fact instanceof PartnerLeft left) {
      return left.partnerId() != null;
    }
    if (fact instanceof PartnerErased erased) {
      return erased.partnerId() != null;
    }
    NeedShared shared = (NeedShared) fact;
    return shared.needId() != null && shared.topic() != null;
  }
}
