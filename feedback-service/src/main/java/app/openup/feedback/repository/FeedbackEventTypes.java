package app.openup.feedback.repository;

import app.openup.eventing.store.EventCatalog;
import app.openup.feedback.domain.ConsentEvent;
import app.openup.feedback.domain.PraiseEvent;
import java.util.UUID;

/**
 * The stable names and schema versions of feedback-service's events, as stored and as CloudEvents
 * {@code type}s on {@code feedback.events}, and their streams. A couple's consent to comparisons is
 * private: its stream is stored and never published.
 */
public final class FeedbackEventTypes {

  public static final String PRAISE_STREAM_PREFIX = "praise-";
  public static final String CONSENT_STREAM_PREFIX = "comparison-consent-";

  public static final EventCatalog<PraiseEvent> PRAISE =
      EventCatalog.builder(PraiseEvent.class)
          .event(PraiseEvent.PraiseGiven.class, "app.openup.praise.given.v1", 1)
          .event(PraiseEvent.PraiseWithdrawn.class, "app.openup.praise.withdrawn.v1", 1)
          .event(PraiseEvent.PraiseDeclined.class, "app.openup.praise.declined.v1", 1)
          .build();

  public static final EventCatalog<ConsentEvent> CONSENT =
      EventCatalog.builder(ConsentEvent.class)
          .event(
              ConsentEvent.ComparisonsOptedIn.class,
              "app.openup.consent.comparisons-opted-in.v1",
              1)
          .event(
              ConsentEvent.ComparisonsOptedOut.class,
              "app.openup.consent.comparisons-opted-out.v1",
              1)
          .build();

  private FeedbackEventTypes() {}

  public static String praiseStream(UUID praiseId) {
    return PRAISE_STREAM_PREFIX + praiseId;
  }

  public static String consentStream(UUID coupleId) {
    return CONSENT_STREAM_PREFIX + coupleId;
  }
}
