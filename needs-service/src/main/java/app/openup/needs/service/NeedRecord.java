package app.openup.needs.service;

import app.openup.eventing.store.Envelope;
import app.openup.eventing.vault.SealedText;
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
import app.openup.needs.domain.Topic;
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

  static NeedRecord fold(List<Envelope<NeedEvent>> events) {
    NeedRecord need = new NeedRecord();
    events.forEach(need::apply);
    return need;
  }

  boolean isVisibleTo(UUID partner) {
    return id != null
        && status != NeedStatus.DISCARDED
        && (author.equals(partner) || status != NeedStatus.DRAFT);
  }

  private void apply(Envelope<NeedEvent> envelope) {
    NeedEvent event = envelope.event();
    version = envelope.recorded().streamVersion();
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
