package app.openup.needs.service;

import app.openup.needs.domain.NeedStatus;
import app.openup.needs.domain.Topic;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What a partner reads of needs. */
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
}
