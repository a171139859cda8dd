package app.openup.feedback.messaging;

import app.openup.eventing.projection.IncomingEvent;
import app.openup.eventing.projection.PoisonEvent;
import app.openup.eventing.store.EventCatalog;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The facts of the three topics the read side uses, read tolerantly: only the fields it needs,
 * anything else ignored, any other type skipped. The couple is the event's subject. Tested against
 * the producers' published schemas, never their classes.
 */
public sealed interface Published {

  // needs.events
  @JsonIgnoreProperties(ignoreUnknown = true)
  record CoupleFormed(UUID firstPartner, Instant formedAt) implements Published {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record PartnerJoined(UUID partnerId) implements Published {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record PartnerLeft(UUID partnerId, Instant leftAt) implements Published {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record PartnerErased(UUID partnerId, Instant erasedAt) implements Published {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record NeedShared(UUID needId, UUID author, String topic, Instant sharedAt)
      implements Published {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record NeedAcknowledged(UUID needId, UUID by, Instant acknowledgedAt) implements Published {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record NeedMet(UUID needId, UUID by, Instant metAt) implements Published {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record NeedWithdrawn(UUID needId, Instant withdrawnAt) implements Published {}

  // sessions.events
  @JsonIgnoreProperties(ignoreUnknown = true)
  record SessionProposed(UUID sessionId, UUID proposedBy, String topic, Instant proposedAt)
      implements Published {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record SessionAccepted(UUID sessionId, UUID acceptedBy, Instant acceptedAt)
      implements Published {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record SessionPostponed(UUID sessionId, UUID postponedBy, Instant postponedAt)
      implements Published {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record SessionStarted(UUID sessionId, UUID startedBy, Instant startedAt) implements Published {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record ShareMade(
      UUID sessionId,
      UUID shareId,
      UUID author,
      String depth,
      String kind,
      String topic,
      Instant sharedAt)
      implements Published {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record OpenQuestionAsked(UUID sessionId, UUID questionId, UUID askedBy, Instant askedAt)
      implements Published {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record DefensivenessNoticed(UUID sessionId, UUID momentId, UUID noticedBy, Instant noticedAt)
      implements Published {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record SessionClosed(UUID sessionId, UUID closedBy, String reason, Instant closedAt)
      implements Published {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record SessionAbandoned(UUID sessionId, Instant abandonedAt) implements Published {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record RatingsShared(UUID sessionId, List<SharedRating> ratings, Instant sharedAt)
      implements Published {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record SharedRating(UUID partnerId, int safety, String start) {}

  // feedback.events
  @JsonIgnoreProperties(ignoreUnknown = true)
  record PraiseGiven(
      UUID praiseId, UUID givenBy, String targetKind, UUID targetId, String style, Instant givenAt)
      implements Published {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record PraiseWithdrawn(UUID praiseId, Instant withdrawnAt) implements Published {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record PraiseDeclined(UUID praiseId, Instant declinedAt) implements Published {}

  Map<String, Class<? extends Published>> TYPES =
      Map.ofEntries(
          Map.entry("app.openup.couple.formed.v1", CoupleFormed.class),
          Map.entry("app.openup.couple.partner-joined.v1", PartnerJoined.class),
          Map.entry("app.openup.couple.partner-left.v1", PartnerLeft.class),
          Map.entry("app.openup.couple.partner-erased.v1", PartnerErased.class),
          Map.entry("app.openup.need.shared.v1", NeedShared.class),
          Map.entry("app.openup.need.acknowledged.v1", NeedAcknowledged.class),
          Map.entry("app.openup.need.met.v1", NeedMet.class),
          Map.entry("app.openup.need.withdrawn.v1", NeedWithdrawn.class),
          Map.entry("app.openup.session.proposed.v1", SessionProposed.class),
          Map.entry("app.openup.session.accepted.v1", SessionAccepted.class),
          Map.entry("app.openup.session.postponed.v1", SessionPostponed.class),
          Map.entry("app.openup.session.started.v1", SessionStarted.class),
          Map.entry("app.openup.session.share-made.v1", ShareMade.class),
          Map.entry("app.openup.session.open-question-asked.v1", OpenQuestionAsked.class),
          Map.entry("app.openup.session.defensiveness-noticed.v1", DefensivenessNoticed.class),
          Map.entry("app.openup.session.closed.v1", SessionClosed.class),
          Map.entry("app.openup.session.abandoned.v1", SessionAbandoned.class),
          Map.entry("app.openup.session.ratings-shared.v1", RatingsShared.class),
          Map.entry("app.openup.praise.given.v1", PraiseGiven.class),
          Map.entry("app.openup.praise.withdrawn.v1", PraiseWithdrawn.class),
          Map.entry("app.openup.praise.declined.v1", PraiseDeclined.class));

  /**
   * The fact an event tells, or null for a type the read side does not use; {@link PoisonEvent} for
   * a known type whose data is not what its schema promises, or one without a couple.
   */
  static Published read(IncomingEvent event) {
    Class<? extends Published> type = TYPES.get(event.type());
    if (type == null) {
      return null;
    }
    if (event.partitionKey() == null) {
      throw new PoisonEvent(event.type() + " without a couple (subject)", null);
    }
    Published fact;
    try {
      fact = EventCatalog.json().readValue(event.dataJson(), type);
    } catch (JsonProcessingException e) {
      throw new PoisonEvent("Unreadable " + event.type() + ": " + e.getOriginalMessage(), e);
    }
    if (!Complete.check(fact)) {
      throw new PoisonEvent(event.type() + " without what its schema requires", null);
    }
    return fact;
  }
}
