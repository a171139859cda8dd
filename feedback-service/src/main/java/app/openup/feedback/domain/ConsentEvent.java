package app.openup.feedback.domain;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/** A partner's consent to partner-versus-partner comparisons: private, never published. */
public sealed interface ConsentEvent
    permits ConsentEvent.ComparisonsOptedIn, ConsentEvent.ComparisonsOptedOut {

  UUID coupleId();

  UUID partnerId();

  Consent applyTo(Consent consent);

  record ComparisonsOptedIn(UUID coupleId, UUID partnerId, Instant at) implements ConsentEvent {
    @Override
    public Consent applyTo(Consent consent) {
      Set<UUID> now = new HashSet<>(consent.optedIn());
      now.add(partnerId);
      return new Consent(now);
    }
  }

  record ComparisonsOptedOut(UUID coupleId, UUID partnerId, Instant at) implements ConsentEvent {
    @Override
    public Consent applyTo(Consent consent) {
      Set<UUID> now = new HashSet<>(consent.optedIn());
      now.remove(partnerId);
      return new Consent(now);
    }
  }
}
