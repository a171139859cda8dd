package app.openup.feedback.messaging;

import app.openup.feedback.messaging.Published.CoupleFormed;
import app.openup.feedback.messaging.Published.DefensivenessNoticed;
import app.openup.feedback.messaging.Published.NeedAcknowledged;
import app.openup.feedback.messaging.Published.NeedMet;
import app.openup.feedback.messaging.Published.NeedShared;
import app.openup.feedback.messaging.Published.NeedWithdrawn;
import app.openup.feedback.messaging.Published.OpenQuestionAsked;
import app.openup.feedback.messaging.Published.PartnerErased;
import app.openup.feedback.messaging.Published.PartnerJoined;
import app.openup.feedback.messaging.Published.PartnerLeft;
import app.openup.feedback.messaging.Published.PraiseDeclined;
import app.openup.feedback.messaging.Published.PraiseGiven;
import app.openup.feedback.messaging.Published.PraiseWithdrawn;
import app.openup.feedback.messaging.Published.RatingsShared;
import app.openup.feedback.messaging.Published.SessionAbandoned;
import app.openup.feedback.messaging.Published.SessionAccepted;
import app.openup.feedback.messaging.Published.SessionClosed;
import app.openup.feedback.messaging.Published.SessionPostponed;
import app.openup.feedback.messaging.Published.SessionProposed;
import app.openup.feedback.messaging.Published.SessionStarted;
import app.openup.feedback.messaging.Published.ShareMade;
import java.util.Objects;
import java.util.stream.Stream;

/** Whether a fact holds every field the read side relies on (its schema's required ones). */
final class Complete {

  private Complete() {}

  static boolean check(Published fact) {
    if (fact instanceof CoupleFormed f) {
      return all(f.firstPartner(), f.formedAt());
    } else if (fact instanceof PartnerJoined f) {
      return all(f.partnerId());
    } else if (fact instanceof PartnerLeft f) {
      return all(f.partnerId(), f.leftAt());
    } else if (fact instanceof PartnerErased f) {
      return all(f.partnerId(), f.erasedAt());
    } else if (fact instanceof NeedShared f) {
      return all(f.needId(), f.author(), f.topic(), f.sharedAt());
    } else if (fact instanceof NeedAcknowledged f) {
      return all(f.needId(), f.by(), f.acknowledgedAt());
    } else if (fact instanceof NeedMet f) {
      return all(f.needId(), f.by(), f.metAt());
    } else if (fact instanceof NeedWithdrawn f) {
      return all(f.needId(), f.withdrawnAt());
    } else if (fact instanceof SessionProposed f) {
      return all(f.sessionId(), f.proposedBy(), f.proposedAt());
    } else if (fact instanceof SessionAccepted f) {
      return all(f.sessionId(), f.acceptedBy(), f.acceptedAt());
    } else if (fact instanceof SessionPostponed f) {
      return all(f.sessionId(), f.postponedBy(), f.postponedAt());
    } else if (fact instanceof SessionStarted f) {
      return all(f.sessionId(), f.startedBy(), f.startedAt());
    } else if (fact instanceof ShareMade f) {
      return all(f.sessionId(), f.shareId(), f.author(), f.depth(), f.kind(), f.sharedAt())
          && ("LIGHT".equals(f.depth())
              || "MODERATE".equals(f.depth())
              || "DEEP".equals(f.depth()));
    } else if (fact instanceof OpenQuestionAsked f) {
      return all(f.sessionId(), f.questionId(), f.askedBy(), f.askedAt());
    } else if (fact instanceof DefensivenessNoticed f) {
      return all(f.sessionId(), f.momentId(), f.noticedBy(), f.noticedAt());
    } else if (fact instanceof SessionClosed f) {
      return all(f.sessionId(), f.reason(), f.closedAt());
    } else if (fact instanceof SessionAbandoned f) {
      return all(f.sessionId(), f.abandonedAt());
    } else if (fact instanceof RatingsShared f) {
      return all(f.sessionId(), f.ratings(), f.sharedAt())
          && f.ratings().stream()
              .allMatch(
                  r ->
                      r != null
                          && r.partnerId() != null
                          && r.safety() >= 1
                          && r.safety() <= 5
                          && r.start() != null);
    } else if (fact instanceof PraiseGiven f) {
      return all(f.praiseId(), f.givenBy(), f.targetKind(), f.targetId(), f.style(), f.givenAt())
          && ("SHARE".equals(f.targetKind()) || "NEED".equals(f.targetKind()));
    } else if (fact instanceof PraiseWithdrawn f) {
      return all(f.praiseId(), f.withdrawnAt());
    } else if (fact instanceof PraiseDeclined f) {
      return all(f.praiseId(), f.declinedAt());
    }
    return false;
  }

  private static boolean all(Object... values) {
    return Stream.of(values).allMatch(Objects::nonNull);
  }
}
