package app.openup.eventing.domain;

import java.util.Objects;

/**
 * A command refused by a rule of the method. The rule has a stable name (for example {@code
 * InitiatorSharesFirst}), which becomes the problem {@code type}; the message says it in the
 * couple's words ("the partner who asked goes first").
 */
public class RuleViolation extends RuntimeException {

  private final String rule;

  public RuleViolation(String rule, String message) {
    super(message, null, false, false);
    this.rule = Objects.requireNonNull(rule, "rule");
  }

  /** The rule's stable name. */
  public String rule() {
    return rule;
  }
}
