package app.openup.eventing.domain;

import java.util.List;

/**
 * An aggregate as two pure functions: {@code decide} turns a command and the current state into new
 * events (or refuses with a {@link RuleViolation}), {@code evolve} folds an event into the state.
 * Neither touches I/O; a service loads the events, folds them, decides, and appends.
 *
 * @param <C> commands
 * @param <S> state
 * @param <E> events
 */
public interface Decider<C, S, E> {

  /** The state of an aggregate that has no events yet. */
  S initialState();

  /** The state after the event. */
  S evolve(S state, E event);

  /** The events the command causes, or a {@link RuleViolation} naming the rule it breaks. */
  List<E> decide(C command, S state);

  /** The state after all the events, in order. */
  default S fold(List<? extends E> events) {
    S state = initialState();
    for (E event : events) {
      state = evolve(state, event);
    }
    return state;
  }
}
