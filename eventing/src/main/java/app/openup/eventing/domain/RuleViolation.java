package app.openup.eventing.domain;

import java.util.Objects;

/**
 * A command refused by a rule of the method. The rule has a stable name (for example {@code
 * InitiatorSharesFirst}), which becomes the problem {@code type}; the message says it in the
 * couple's words ("the partner who asked goes first").
 */
public class RuleViolation extends RuntimeException {

  private final String rule;
  private final String suggestion;

  public RuleViolation(String rule, String message) {
    this(rule, message, null);
  }

  /**
   * @param suggestion what the couple can do instead, as a stable name a client can offer (for
   *     example {@code PostponeSession}), or null
   */
  public RuleViolation(String rule, String message, String suggestion) {
    super(message, null, false, false);
    this.rule = Objects.requireNonNull(rule, "rule");
    this.suggestion = suggestion;
  }

  /** The rule's stable name. */
  public String rule() {
    return rule;
  }

  /** What the couple can do instead, or null. */
  public String suggestion() {
    return suggestion;
  }
}
