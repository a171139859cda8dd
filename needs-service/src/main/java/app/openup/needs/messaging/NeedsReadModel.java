package app.openup.needs.messaging;

import app.openup.eventing.quarkus.StoreProjection;
import app.openup.eventing.store.RecordedEvent;
import app.openup.eventing.vault.SealedText;
import app.openup.needs.domain.CoupleEvent;
import app.openup.needs.domain.CoupleEvent.CoupleFormed;
import app.openup.needs.domain.CoupleEvent.PartnerErased;
import app.openup.needs.domain.CoupleEvent.PartnerInvited;
import app.openup.needs.domain.CoupleEvent.PartnerJoined;
import app.openup.needs.domain.CoupleEvent.PartnerLeft;
import app.openup.needs.domain.NeedEvent;
import app.openup.needs.domain.NeedEvent.NeedAcknowledged;
import app.openup.needs.domain.NeedEvent.NeedClarificationAsked;
import app.openup.needs.domain.NeedEvent.NeedClarified;
import app.openup.needs.domain.NeedEvent.NeedDiscarded;
import app.openup.needs.domain.NeedEvent.NeedDrafted;
import app.openup.needs.domain.NeedEvent.NeedMet;
import app.openup.needs.domain.NeedEvent.NeedRevised;
import app.openup.needs.domain.NeedEvent.NeedShared;
import app.openup.needs.domain.NeedEvent.NeedWithdrawn;
import app.openup.needs.domain.NeedStatus;
import app.openup.needs.repository.CoupleMemberRow;
import app.openup.needs.repository.CoupleRow;
import app.openup.needs.repository.NeedAcknowledgementRow;
import app.openup.needs.repository.NeedQuestionRow;
import app.openup.needs.repository.NeedRow;
import app.openup.needs.repository.NeedsEventTypes;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * The read model of needs-service's own events: couples with their partners, and needs with their
 * acknowledgements and questions, from which every read (the couples list, a couple, the needs
 * list, a need) is answered. Fed from the event store by {@code StoreProjections}, private drafts
 * included, exactly once, rebuildable.
 */
@ApplicationScoped
public class NeedsReadModel implements StoreProjection {

  public static final String NAME = "needs-read-model";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Uni<Void> apply(RecordedEvent recorded, int version) {
    if (NeedsEventTypes.COUPLE.knows(recorded.type())) {
      return couple(NeedsEventTypes.COUPLE.decode(recorded), recorded, version);
    }
    if (NeedsEventTypes.NEED.knows(recorded.type())) {
      return need(NeedsEventTypes.NEED.decode(recorded), recorded, version);
    }
    return Uni.createFrom().voidItem();
  }

  @Override
  public Uni<Void> clear(int version) {
    return CoupleRow.delete("version", version)
        .chain(() -> CoupleMemberRow.delete("version", version))
        .chain(() -> NeedRow.delete("version", version))
        .chain(() -> NeedAcknowledgementRow.delete("version", version))
        .chain(() -> NeedQuestionRow.delete("version", version))
        .replaceWithVoid();
  }

  private Uni<Void> couple(CoupleEvent event, RecordedEvent recorded, int version) {
    if (event instanceof CoupleFormed formed) {
      CoupleRow row = new CoupleRow();
      row.coupleId = formed.coupleId();
      row.version = version;
      row.streamVersion = recorded.streamVersion();
      row.formedAt = formed.formedAt();
      row.updatedAt = recorded.occurredAt();
      return row.persist()
          .chain(
              () -> member(formed.coupleId(), version, formed.firstPartner(), recorded).persist())
          .replaceWithVoid();
    }
    return CoupleRow.<CoupleRow>findById(new CoupleRow.Key(event.coupleId(), version))
        .chain(
            row -> {
              if (row == null) {
                Log.warnf("Read model: no couple %s for a %s", event.coupleId(), recorded.type());
                return Uni.createFrom().voidItem();
              }
              row.streamVersion = recorded.streamVersion();
              row.updatedAt = recorded.occurredAt();
              if (event instanceof PartnerInvited invited) {
                row.invitationId = invited.invitationId();
                row.invitationExpiresAt = invited.expiresAt();
                return Uni.createFrom().voidItem();
              }
              row.invitationId = null;
              row.invitationExpiresAt = null;
              if (event instanceof PartnerJoined joined) {
                return member(joined.coupleId(), version, joined.partnerId(), recorded)
                    .persist()
                    .replaceWithVoid();
              }
              UUID partner =
                  event instanceof PartnerLeft left
                      ? left.partnerId()
                      : ((PartnerErased) event).partnerId();
              return CoupleMemberRow.<CoupleMemberRow>findById(
                      new CoupleMemberRow.Key(event.coupleId(), version, partner))
                  .invoke(
                      member -> {
                        if (member != null) {
                          member.leftCouple = true;
                          member.erased = member.erased || event instanceof PartnerErased;
                        }
                      })
                  .replaceWithVoid();
            });
  }

  private static CoupleMemberRow member(
      UUID coupleId, int version, UUID partner, RecordedEvent recorded) {
    CoupleMemberRow member = new CoupleMemberRow();
    member.coupleId = coupleId;
    member.version = version;
    member.partnerId = partner;
    member.sincePosition = recorded.globalPosition();
    return member;
  }

  private Uni<Void> need(NeedEvent event, RecordedEvent recorded, int version) {
    if (event instanceof NeedDrafted drafted) {
      NeedRow row = new NeedRow();
      row.needId = drafted.needId();
      row.version = version;
      row.coupleId = drafted.coupleId();
      row.author = drafted.author();
      row.topic = drafted.topic().name();
      row.status = NeedStatus.DRAFT.name();
      row.meaning = sealed(drafted.meaning());
      row.hopedOutcome = sealed(drafted.hopedOutcome());
      row.draftedAt = drafted.draftedAt();
      row.updatedAt = recorded.occurredAt();
      row.draftedPosition = recorded.globalPosition();
      row.streamVersion = 1;
      return row.persist().replaceWithVoid();
    }
    return NeedRow.<NeedRow>findById(new NeedRow.Key(event.needId(), version))
        .chain(
            row -> {
              if (row == null) {
                Log.warnf("Read model: no need %s for a %s", event.needId(), recorded.type());
                return Uni.createFrom().voidItem();
              }
              row.updatedAt = recorded.occurredAt();
              // The ETag counts the events of both streams (the draft's, the shared need's).
              row.streamVersion = row.streamVersion + 1;
              return change(row, event, recorded, version);
            });
  }

  private Uni<Void> change(NeedRow row, NeedEvent event, RecordedEvent recorded, int version) {
    if (event instanceof NeedRevised revised) {
      row.topic = revised.topic().name();
      row.meaning = sealed(revised.meaning());
      row.hopedOutcome = sealed(revised.hopedOutcome());
    } else if (event instanceof NeedDiscarded) {
      row.status = NeedStatus.DISCARDED.name();
    } else if (event instanceof NeedShared shared) {
      row.status = NeedStatus.SHARED.name();
      row.topic = shared.topic().name();
      row.meaning = sealed(shared.meaning());
      row.hopedOutcome = sealed(shared.hopedOutcome());
      row.why = sealed(shared.why());
      row.sharedAt = shared.sharedAt();
    } else if (event instanceof NeedAcknowledged acknowledged) {
      NeedAcknowledgementRow ack = new NeedAcknowledgementRow();
      ack.needId = row.needId;
      ack.version = version;
      ack.seq = recorded.streamVersion();
      ack.byPartner = acknowledged.by();
      ack.heard = sealed(acknowledged.heard());
      ack.at = acknowledged.acknowledgedAt();
      return ack.persist().replaceWithVoid();
    } else if (event instanceof NeedClarificationAsked asked) {
      NeedQuestionRow question = new NeedQuestionRow();
      question.questionId = asked.questionId();
      question.version = version;
      question.needId = row.needId;
      question.byPartner = asked.by();
      question.question = sealed(asked.question());
      question.askedAt = asked.askedAt();
      return question.persist().replaceWithVoid();
    } else if (event instanceof NeedClarified clarified) {
      return NeedQuestionRow.<NeedQuestionRow>findById(
              new NeedQuestionRow.Key(clarified.questionId(), version))
          .invoke(
              question -> {
                if (question != null) {
                  question.answer = sealed(clarified.answer());
                  question.answeredAt = clarified.answeredAt();
                }
              })
          .replaceWithVoid();
    } else if (event instanceof NeedMet met) {
      row.status = NeedStatus.MET.name();
      row.metBy = met.by();
    } else if (event instanceof NeedWithdrawn) {
      row.status = NeedStatus.WITHDRAWN.name();
    }
    return Uni.createFrom().voidItem();
  }

  private static String sealed(SealedText text) {
    return text == null ? null : text.sealed();
  }
}
