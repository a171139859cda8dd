package app.openup.feedback.domain;

import app.openup.eventing.domain.RuleViolation;

/**
 * The rules of step 5 and of the dashboard's consent, each with a stable name (the problem {@code
 * type} an API client sees) and what it says to the couple.
 */
public enum Rule {
  NOT_A_MEMBER("NotAMember", "Only the two partners of a couple can do this."),
  NO_SUCH_PRAISE("NoSuchPraise", "There is no such praise in this couple."),
  NOT_IN_THIS_COUPLE("NotInThisCouple", "There is no such share or need in this couple."),
  COUPLE_CLOSED("CoupleClosed", "A partner has left this couple, so it is closed."),
  WAITING_FOR_PARTNER(
      "WaitingForPartner", "Praise takes two: your partner has not joined the couple yet."),
  PRAISE_YOUR_PARTNER(
      "PraiseYourPartner", "Appreciate what your partner shared: your own shares are yours."),
  PRAISE_ALREADY_EXISTS("PraiseAlreadyExists", "This praise already exists."),
  ONLY_THE_GIVER_WITHDRAWS("OnlyTheGiverWithdraws", "Only the partner who gave it withdraws it."),
  NO_LONGER_STANDS("NoLongerStands", "This praise was withdrawn or declined already.");

  private final String ruleName;
  private final String saying;

  Rule(String ruleName, String saying) {
    this.ruleName = ruleName;
    this.saying = saying;
  }

  public String ruleName() {
    return ruleName;
  }

  public RuleViolation refused() {
    return new RuleViolation(ruleName, saying);
  }
}
