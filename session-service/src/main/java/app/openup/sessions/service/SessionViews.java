package app.openup.sessions.service;

import app.openup.sessions.domain.CloseReason;
import app.openup.sessions.domain.Depth;
import app.openup.sessions.domain.OpenQuestion;
import app.openup.sessions.domain.SessionStatus;
import app.openup.sessions.domain.ShareKind;
import app.openup.sessions.domain.StartFelt;
import app.openup.sessions.domain.Topic;
import app.openup.sessions.domain.Whose;
import app.openup.support.command.Words;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What a partner reads of a couple's sessions. */
public final class SessionViews {

  private SessionViews() {}

  /** Where a partner's readiness stands, as the other may see it. */
  public enum ReadyState {
    READY,
    NOT_YET
  }

  /** A session in a list: no words. */
  public record Summary(
      UUID id,
      UUID coupleId,
      SessionStatus status,
      UUID initiator,
      UUID proposedBy,
      Instant startsAt,
      Instant endsAt,
      UUID needId,
      Topic topic,
      List<CheckIn> readiness,
      Instant startedAt,
      Instant closedAt,
      CloseReason closeReason,
      Instant updatedAt,
      long version) {}

  /** A session with what the reader may read of it. */
  public record Detail(
      UUID id,
      UUID coupleId,
      SessionStatus status,
      UUID initiator,
      UUID proposedBy,
      Instant startsAt,
      Instant endsAt,
      Words place,
      UUID needId,
      Topic topic,
      List<CheckIn> readiness,
      String groundRule,
      Instant startedAt,
      Instant closedAt,
      CloseReason closeReason,
      List<Share> shares,
      List<Question> questions,
      List<Moment> defensiveMoments,
      List<Rating> ratings,
      Instant updatedAt,
      long version) {}

  /**
   * A partner's last check-in: ready or not yet for both; the numbers only for the partner who gave
   * them.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CheckIn(
      UUID partnerId,
      ReadyState state,
      Integer calm,
      Boolean rushed,
      Boolean angry,
      Instant checkedInAt) {}

  /** A share; once its author left or was erased, its text reads as erased and nothing else. */
  public record Share(
      UUID id,
      UUID author,
      Depth depth,
      ShareKind kind,
      Topic topic,
      Words text,
      Instant sharedAt) {}

  /** An open question: from the catalogue (with its words), or in the asker's own words. */
  public record Question(
      UUID id, UUID askedBy, OpenQuestion question, Words words, Instant askedAt) {}

  /** A defensive moment noticed, and the open question suggested to ask instead. */
  public record Moment(
      UUID id, UUID noticedBy, Whose whose, Suggestion suggestion, Instant noticedAt) {}

  public record Suggestion(OpenQuestion question, String words) {
    public static Suggestion of(OpenQuestion question) {
      return new Suggestion(question, question.words());
    }
  }

  /** A rating the reader may see: their own, or the other's when both chose to share. */
  public record Rating(
      UUID partnerId,
      Integer safety,
      StartFelt start,
      boolean sharedWithPartner,
      Instant ratedAt) {}

  /** The answer to a defensive moment noticed: what to ask instead, and the session. */
  public record Noticed(UUID momentId, Suggestion suggestion, Detail session) {}

  /**
   * The answer to a command when the read model has not caught up within the wait: the command
   * happened; read the session at its {@code Location} with the answer's consistency token.
   */
  public record Pending(UUID id, long version) {}

  /** One page of a list, newest first, and the cursor of the next page (null at the end). */
  public record Page<T>(List<T> items, String nextCursor) {}
}
