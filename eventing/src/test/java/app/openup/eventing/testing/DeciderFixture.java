package app.openup.eventing.testing;

import app.openup.eventing.domain.Decider;
import app.openup.eventing.domain.RuleViolation;
import java.util.Arrays;
import java.util.List;

/**
 * Given-when-then tests for a {@link Decider}: given these past events, when this command, then
 * these new events, or this named rule refuses it.
 *
 * <pre>{@code
 * fixture.given(new NeedDrafted(...)).when(new ShareNeed(...)).thenRefusedBy("ShareSaysWhy");
 * }</pre>
 */
public final class DeciderFixture<C, S, E> {

  private final Decider<C, S, E> decider;

  private DeciderFixture(Decider<C, S, E> decider) {
    this.decider = decider;
  }

  public static <C, S, E> DeciderFixture<C, S, E> of(Decider<C, S, E> decider) {
    return new DeciderFixture<>(decider);
  }

  @SafeVarargs
  public final Given given(E... history) {
    return new Given(List.of(history));
  }

  /** The past events of a test. */
  public final class Given {
    private final List<E> history;

    private Given(List<E> history) {
      this.history = history;
    }

    public Then when(C command) {
      S state = decider.fold(history);
      try {
        return new Then(command, decider.decide(command, state), null);
      } catch (RuleViolation violation) {
        return new Then(command, null, violation);
      }
    }
  }

  /** What the command did. */
  public final class Then {
    private final C command;
    private final List<E> events;
    private final RuleViolation violation;

    private Then(C command, List<E> events, RuleViolation violation) {
      this.command = command;
      this.events = events;
      this.violation = violation;
    }

    @SafeVarargs
    public final Then thenEvents(E... expected) {
      if (violation != null) {
        throw new AssertionError(
            "Expected events "
                + Arrays.asList(expected)
                + " from "
                + command
                + " but rule "
                + violation.rule()
                + " refused it: "
                + violation.getMessage());
      }
      if (!events.equals(List.of(expected))) {
        throw new AssertionError(
            "Expected events "
                + Arrays.asList(expected)
                + " from "
                + command
                + " but got "
                + events);
      }
      // The new events must fold without error: evolve knows every event decide emits.
      decider.fold(events);
      return this;
    }

    public Then thenNothingHappens() {
      return thenEvents();
    }

    /** The events, for assertions on fields that a test cannot know (ids, times). */
    public List<E> events() {
      if (violation != null) {
        throw new AssertionError("Rule " + violation.rule() + " refused " + command);
      }
      return events;
    }

    public RuleViolation thenRefusedBy(String rule) {
      if (violation == null) {
        throw new AssertionError(
            "Expected rule " + rule + " to refuse " + command + " but it produced " + events);
      }
      if (!violation.rule().equals(rule)) {
        throw new AssertionError(
            "Expected rule "
                + rule
                + " to refuse "
                + command
                + " but "
                + violation.rule()
                + " did: "
                + violation.getMessage());
      }
      return violation;
    }
  }
}
