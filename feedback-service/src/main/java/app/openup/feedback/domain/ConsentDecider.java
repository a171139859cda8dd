package app.openup.feedback.domain;

import app.openup.eventing.domain.Decider;
import app.openup.feedback.domain.ConsentEvent.ComparisonsOptedIn;
import app.openup.feedback.domain.ConsentEvent.ComparisonsOptedOut;
import java.util.List;

/**
 * A partner of the couple opts in or out, at any time, also after a leave (opting out); asking for
 * what already holds changes nothing.
 */
public final class ConsentDecider implements Decider<ConsentCommand, Consent, ConsentEvent> {

  @Override
  public Consent initialState() {
    return Consent.NONE;
  }

  @Override
  public Consent evolve(Consent state, ConsentEvent event) {
    return event.applyTo(state);
  }

  @Override
  public List<ConsentEvent> decide(ConsentCommand c, Consent state) {
    Couple couple = c.couple();
    if (couple == null || !couple.isMember(c.by())) {
      throw Rule.NOT_A_MEMBER.refused();
    }
    boolean in = state.optedIn().contains(c.by());
    if (c.optIn()) {
      if (couple.isClosed()) {
        throw Rule.COUPLE_CLOSED.refused();
      }
      return in ? List.of() : List.of(new ComparisonsOptedIn(couple.id(), c.by(), c.now()));
    }
    return in ? List.of(new ComparisonsOptedOut(couple.id(), c.by(), c.now())) : List.of();
  }
}
