package app.openup.feedback.messaging;

import app.openup.eventing.quarkus.StoreProjection;
import app.openup.eventing.store.RecordedEvent;
import app.openup.feedback.domain.ConsentEvent;
import app.openup.feedback.domain.ConsentEvent.ComparisonsOptedIn;
import app.openup.feedback.domain.PraiseEvent;
import app.openup.feedback.domain.PraiseEvent.PraiseDeclined;
import app.openup.feedback.domain.PraiseEvent.PraiseGiven;
import app.openup.feedback.domain.PraiseStatus;
import app.openup.feedback.repository.ConsentRow;
import app.openup.feedback.repository.FeedbackEventTypes;
import app.openup.feedback.repository.PartnerKey;
import app.openup.feedback.repository.PraiseRow;
import app.openup.feedback.repository.VersionedKey;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The read model of feedback-service's own events: each praise with its words (sealed), and each
 * partner's consent to comparisons (a private stream, never published). Fed from the event store by
 * {@code StoreProjections}, exactly once, rebuildable.
 */
@ApplicationScoped
public class FeedbackReadModel implements StoreProjection {

  public static final String NAME = "feedback-praise";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Uni<Void> apply(RecordedEvent recorded, int version) {
    if (FeedbackEventTypes.PRAISE.knows(recorded.type())) {
      return praise(FeedbackEventTypes.PRAISE.decode(recorded), recorded, version);
    }
    if (FeedbackEventTypes.CONSENT.knows(recorded.type())) {
      return consent(FeedbackEventTypes.CONSENT.decode(recorded), recorded, version);
    }
    return Uni.createFrom().voidItem();
  }

  private Uni<Void> praise(PraiseEvent event, RecordedEvent recorded, int version) {
    if (event instanceof PraiseGiven given) {
      PraiseRow row = new PraiseRow();
      row.id = given.praiseId();
      row.version = version;
      row.coupleId = given.coupleId();
      row.givenBy = given.givenBy();
      row.targetKind = given.targetKind().name();
      row.targetId = given.targetId();
      row.style = given.style().name();
      row.words = given.words() == null ? null : given.words().sealed();
      row.givenAt = given.givenAt();
      row.status = PraiseStatus.GIVEN.name();
      row.streamVersion = recorded.streamVersion();
      row.updatedAt = recorded.occurredAt();
      return row.persist().replaceWithVoid();
    }
    return PraiseRow.<PraiseRow>findById(new VersionedKey(event.praiseId(), version))
        .invoke(
            row -> {
              if (row == null) {
                return;
              }
              row.streamVersion = recorded.streamVersion();
              row.updatedAt = recorded.occurredAt();
              if (event instanceof PraiseDeclined declined) {
                row.status = PraiseStatus.DECLINED.name();
                row.declinedRule = declined.rule();
              } else {
                row.status = PraiseStatus.WITHDRAWN.name();
              }
            })
        .replaceWithVoid();
  }

  private Uni<Void> consent(ConsentEvent event, RecordedEvent recorded, int version) {
    return ConsentRow.<ConsentRow>findById(
            new PartnerKey(event.coupleId(), version, event.partnerId()))
        .chain(
            found -> {
              ConsentRow row = found != null ? found : new ConsentRow();
              row.id = event.coupleId();
              row.version = version;
              row.partnerId = event.partnerId();
              row.optedIn = event instanceof ComparisonsOptedIn;
              row.updatedAt = recorded.occurredAt();
              return found != null ? Uni.createFrom().voidItem() : row.persist().replaceWithVoid();
            });
  }

  @Override
  public Uni<Void> clear(int version) {
    return PraiseRow.delete("version", version)
        .chain(() -> ConsentRow.delete("version", version))
        .replaceWithVoid();
  }
}
