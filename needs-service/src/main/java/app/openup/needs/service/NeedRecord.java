package app.openup.needs.service;

import app.openup.eventing.store.Envelope;
import app.openup.eventing.vault.SealedText;
import app.openup.needs.domain.Couple;
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
import app.openup.needs.domain.NeedVisibility;
import app.openup.needs.domain.Topic;
import app.openup.needs.repository.NeedAcknowledgementRow;
import app.openup.needs.repository.NeedQuestionRow;
import app.openup.needs.repository.NeedRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Everything a need's events say, words still sealed, folded for reading: who wrote what, when, and
 * the stream's version. The service decides who may read which words.
 */
final class NeedRecord {

  record Acknowledgement(UUID by, SealedText heard, Instant at) {}

  record Question(
      UUID id,
      UUID by,
      SealedText question,
      Instant askedAt,
      SealedText answer,
      Instant answeredAt) {}

  UUID id;
  UUID coupleId;
  UUID author;
  Topic topic;
  NeedStatus status;
  SealedText meaning;
  SealedText hopedOutcome;
  SealedText why;
  Instant draftedAt;
  Instant sharedAt;
  Instant updatedAt;
  UUID metBy;
  long draftedPosition;
  long version;
  final List<Acknowledgement> acknowledgements = new ArrayList<>();
  final List<Question> questions = new ArrayList<>();

  /** A need as the read model holds it. */
  static NeedRecord of(
      NeedRow row, List<NeedAcknowledgementRow> acknowledged, List<NeedQuestionRow> asked) {
    NeedRecord need = new NeedRecord();
    need.id = row.needId;
    need.coupleId = row.coupleId;
    need.author = row.author;
    need.topic = Topic.valueOf(row.topic);
    need.status = NeedStatus.valueOf(row.status);
    need.meaning = sealed(row.meaning);
    need.hopedOutcome = sealed(row.hopedOutcome);
    need.why = sealed(row.why);
    need.draftedAt = row.draftedAt;
    need.sharedAt = row.sharedAt;
    need.updatedAt = row.updatedAt;
    need.metBy = row.metBy;
    need.draftedPosition = row.draftedPosition;
    need.version = row.streamVersion;
    acknowledged.stream()
        .sorted(java.util.Comparator.comparingLong(a -> a.seq))
        .forEach(
            a ->
                need.acknowledgements.add(new Acknowledgement(a.byPartner, sealed(a.heard), a.at)));
    asked.stream()
        .sorted(java.util.Comparator.comparing(q -> q.askedAt))
        .forEach(
            q ->
                need.questions.add(
                    new Question(
                        q.questionId,
                        q.byPartner,
                        sealed(q.question),
                        q.askedAt,
                        sealed(q.answer),
                        q.answeredAt)));
    return need;
  }

  private static SealedText sealed(String text) {
    return text == null ? null : new SealedText(text);
  }

  static NeedRecord fold(List<Envelope<NeedEvent>> events) {
    NeedRecord need = new NeedRecord();
    events.forEach(need::apply);
    return need;
  }

  /** Whether the reader may see this need in that couple (the one rule: NeedVisibility). */
  boolean isVisibleTo(UUID reader, Couple couple) {
    return id != null
        && couple.id().equals(coupleId)
        && NeedVisibility.canSee(reader, couple, author, status);
  }

  void apply(Envelope<NeedEvent> envelope) {
    NeedEvent event = envelope.event();
    // The ETag: the events of both streams, the draft's and the shared need's.
    version++;
    updatedAt = envelope.recorded().occurredAt();
    if (event instanceof NeedDrafted drafted) {
      id = drafted.needId();
      coupleId = drafted.coupleId();
      author = drafted.author();
      topic = drafted.topic();
      meaning = drafted.meaning();
      hopedOutcome = drafted.hopedOutcome();
      status = NeedStatus.DRAFT;
      draftedAt = drafted.draftedAt();
      draftedPosition = envelope.recorded().globalPosition();
    } else if (event instanceof NeedRevised revised) {
      topic = revised.topic();
      meaning = revised.meaning();
      hopedOutcome = revised.hopedOutcome();
    } else if (event instanceof NeedDiscarded) {
      status = NeedStatus.DISCARDED;
    } else if (event instanceof NeedShared shared) {
      id = shared.needId();
      coupleId = shared.coupleId();
      author = shared.author();
      topic = shared.topic();
      meaning = shared.meaning();
      hopedOutcome = shared.hopedOutcome();
      status = NeedStatus.SHARED;
      why = shared.why();
      sharedAt = shared.sharedAt();
    } else if (event instanceof NeedAcknowledged acknowledged) {
      acknowledgements.add(
          new Acknowledgement(
              acknowledged.by(), acknowledged.heard(), acknowledged.acknowledgedAt()));
    } else if (event instanceof NeedClarificationAsked asked) {
      questions.add(
          new Question(
              asked.questionId(), asked.by(), asked.question(), asked.askedAt(), null, null));
    } else if (event instanceof NeedClarified clarified) {
      questions.replaceAll(
          q ->
              q.id().equals(clarified.questionId())
                  ? new Question(
                      q.id(),
                      q.by(),
                      q.question(),
                      q.askedAt(),
                      clarified.answer(),
                      clarified.answeredAt())
                  : q);
    } else if (event instanceof NeedMet met) {
      status = NeedStatus.MET;
      metBy = met.by();
    } else if (event instanceof NeedWithdrawn) {
      status = NeedStatus.WITHDRAWN;
    } else {
      throw new IllegalStateException("Unknown need event " + event.getClass().getName());
    }
  }
}
