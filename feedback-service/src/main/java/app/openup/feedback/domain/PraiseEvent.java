package app.openup.feedback.domain;

import app.openup.eventing.vault.SealedText;
import java.time.Instant;
import java.util.UUID;

/**
 * What happens to a praise (step 5). The giver's words are {@link SealedText}: encrypted with their
 * key, never published; {@code feedback.events} carries who, what it appreciates, the style and the
 * time.
 */
public sealed interface PraiseEvent
    permits PraiseEvent.PraiseGiven, PraiseEvent.PraiseWithdrawn, PraiseEvent.PraiseDeclined {

  UUID praiseId();

  UUID coupleId();

  Praise applyTo(Praise praise);

  /** A partner appreciated a share or a shared need of the other partner. */
  record PraiseGiven(
      UUID praiseId,
      UUID coupleId,
      UUID givenBy,
      TargetKind targetKind,
      UUID targetId,
      PraiseStyle style,
      SealedText words,
      Instant givenAt)
      implements PraiseEvent {
    @Override
    public Praise applyTo(Praise praise) {
      return new Praise(praiseId, coupleId, givenBy, targetKind, targetId, PraiseStatus.GIVEN);
    }
  }

  record PraiseWithdrawn(UUID praiseId, UUID coupleId, UUID withdrawnBy, Instant withdrawnAt)
      implements PraiseEvent {
    @Override
    public Praise applyTo(Praise praise) {
      return praise.withStatus(PraiseStatus.WITHDRAWN);
    }
  }

  /**
   * The praise's target, once known here, was not one it could be for: the giver sees it declined,
   * with the rule.
   */
  record PraiseDeclined(UUID praiseId, UUID coupleId, String rule, Instant declinedAt)
      implements PraiseEvent {
    @Override
    public Praise applyTo(Praise praise) {
      return praise.withStatus(PraiseStatus.DECLINED);
    }
  }
}
