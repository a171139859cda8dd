package app.openup.needs.repository;

import app.openup.eventing.store.EventCatalog;
import app.openup.needs.domain.CoupleEvent;
import app.openup.needs.domain.NeedEvent;
import java.util.UUID;

/**
 * The stable names and schema versions of needs-service's events, as they are stored and as
 * CloudEvents {@code type}s on {@code needs.events}, and the streams they live in.
 */
public final class NeedsEventTypes {

  public static final String COUPLE_STREAM_PREFIX = "couple-";
  public static final String NEED_STREAM_PREFIX = "need-";

  /** A need's draft: a private stream, stored and never published. */
  public static final String DRAFT_STREAM_PREFIX = "need-draft-";

  public static final EventCatalog<CoupleEvent> COUPLE =
      EventCatalog.builder(CoupleEvent.class)
          .event(CoupleEvent.CoupleFormed.class, "app.openup.couple.formed.v1", 1)
          .event(CoupleEvent.PartnerInvited.class, "app.openup.couple.partner-invited.v1", 1)
          .event(CoupleEvent.PartnerJoined.class, "app.openup.couple.partner-joined.v1", 1)
          .event(CoupleEvent.PartnerLeft.class, "app.openup.couple.partner-left.v1", 1)
          .event(CoupleEvent.PartnerErased.class, "app.openup.couple.partner-erased.v1", 1)
          .build();

  public static final EventCatalog<NeedEvent> NEED =
      EventCatalog.builder(NeedEvent.class)
          .event(NeedEvent.NeedDrafted.class, "app.openup.need.drafted.v1", 1)
          .event(NeedEvent.NeedRevised.class, "app.openup.need.revised.v1", 1)
          .event(NeedEvent.NeedDiscarded.class, "app.openup.need.discarded.v1", 1)
          .event(NeedEvent.NeedShared.class, "app.openup.need.shared.v1", 1)
          .event(NeedEvent.NeedAcknowledged.class, "app.openup.need.acknowledged.v1", 1)
          .event(
              NeedEvent.NeedClarificationAsked.class, "app.openup.need.clarification-asked.v1", 1)
          .event(NeedEvent.NeedClarified.class, "app.openup.need.clarified.v1", 1)
          .event(NeedEvent.NeedMet.class, "app.openup.need.met.v1", 1)
          .event(NeedEvent.NeedWithdrawn.class, "app.openup.need.withdrawn.v1", 1)
          .build();

  private NeedsEventTypes() {}

  public static String coupleStream(UUID coupleId) {
    return COUPLE_STREAM_PREFIX + coupleId;
  }

  /** The need's public stream: it begins when the need is shared. */
  public static String needStream(UUID needId) {
    return NEED_STREAM_PREFIX + needId;
  }

  public static String draftStream(UUID needId) {
    return DRAFT_STREAM_PREFIX + needId;
  }
}
