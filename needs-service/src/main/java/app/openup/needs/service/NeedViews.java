package app.openup.needs.service;

import app.openup.eventing.vault.SealedText;
import app.openup.eventing.vault.Vault;
import app.openup.needs.domain.Couple;
import app.openup.needs.domain.NeedStatus;
import app.openup.needs.domain.NeedVisibility;
import app.openup.needs.domain.Topic;
import app.openup.support.command.Words;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** What a partner reads of needs, and how the words they may read are revealed. */
public final class NeedViews {

  private NeedViews() {}

  /** A need in a list: no words, only what it is about and where it is. */
  public record Summary(
      UUID id,
      UUID author,
      Topic topic,
      NeedStatus status,
      int acknowledgements,
      int openQuestions,
      Instant draftedAt,
      Instant sharedAt,
      Instant updatedAt,
      long version) {}

  /** A need with the words the reader may see. */
  public record Detail(
      UUID id,
      UUID coupleId,
      UUID author,
      Topic topic,
      NeedStatus status,
      Words meaning,
      Words hopedOutcome,
      Words why,
      List<Acknowledgement> acknowledgements,
      List<Question> questions,
      UUID metBy,
      Instant draftedAt,
      Instant sharedAt,
      Instant updatedAt,
      long version) {}

  public record Acknowledgement(UUID by, Words heard, Instant at) {}

  public record Question(
      UUID id, UUID by, Words question, Instant askedAt, Words answer, Instant answeredAt) {}

  /** One page of a list, newest first, and the cursor of the next page (null at the end). */
  public record Page<T>(List<T> items, String nextCursor) {}

  /**
   * A need as the reader sees it: what the other wrote only where {@link NeedVisibility} allows.
   */
  static Summary summary(UUID reader, Couple couple, NeedRecord need) {
    int acknowledgements =
        (int)
            need.acknowledgements.stream()
                .filter(a -> NeedVisibility.canRead(reader, couple, a.by()))
                .count();
    int open =
        (int)
            need.questions.stream()
                .filter(q -> q.answer() == null && NeedVisibility.canRead(reader, couple, q.by()))
                .count();
    return new Summary(
        need.id,
        need.author,
        need.topic,
        need.status,
        acknowledgements,
        open,
        need.draftedAt,
        need.sharedAt,
        need.updatedAt,
        need.version);
  }

  /** The need's words the reader may read, decrypted; the other's, once separated, left out. */
  static Uni<Detail> reveal(Vault vault, UUID reader, Couple couple, NeedRecord need) {
    Uni<Words> meaning = words(vault, need.author, need.meaning);
    Uni<Words> hope = words(vault, need.author, need.hopedOutcome);
    Uni<Words> why = words(vault, need.author, need.why);
    List<Uni<Acknowledgement>> acknowledgements = new ArrayList<>();
    for (NeedRecord.Acknowledgement a : need.acknowledgements) {
      if (NeedVisibility.canRead(reader, couple, a.by())) {
        acknowledgements.add(
            words(vault, a.by(), a.heard())
                .map(heard -> new Acknowledgement(a.by(), heard, a.at())));
      }
    }
    List<Uni<Question>> questions = new ArrayList<>();
    for (NeedRecord.Question q : need.questions) {
      if (NeedVisibility.canRead(reader, couple, q.by())) {
        questions.add(
            words(vault, q.by(), q.question())
                .flatMap(
                    question ->
                        words(vault, need.author, q.answer())
                            .map(
                                answer ->
                                    new Question(
                                        q.id(),
                                        q.by(),
                                        question,
                                        q.askedAt(),
                                        answer,
                                        q.answeredAt()))));
      }
    }
    UUID metBy =
        need.metBy != null && NeedVisibility.canRead(reader, couple, need.metBy)
            ? need.metBy
            : null;
    return Uni.combine()
        .all()
        .unis(meaning, hope, why, all(acknowledgements), all(questions))
        .asTuple()
        .map(
            t ->
                new Detail(
                    need.id,
                    need.coupleId,
                    need.author,
                    need.topic,
                    need.status,
                    t.getItem1(),
                    t.getItem2(),
                    t.getItem3(),
                    t.getItem4(),
                    t.getItem5(),
                    metBy,
                    need.draftedAt,
                    need.sharedAt,
                    need.updatedAt,
                    need.version));
  }

  private static <T> Uni<List<T>> all(List<Uni<T>> unis) {
    return unis.isEmpty() ? Uni.createFrom().item(List.of()) : Uni.join().all(unis).andFailFast();
  }

  private static Uni<Words> words(Vault vault, UUID writer, SealedText sealed) {
    return Words.reveal(vault, writer, sealed);
  }
}
