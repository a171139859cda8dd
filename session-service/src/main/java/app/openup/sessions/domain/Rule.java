package app.openup.sessions.domain;

import app.openup.eventing.domain.RuleViolation;

/**
 * The rules of steps 3 and 4 of the method, each with a stable name (the problem {@code type} an
 * API client sees) and what it says to the couple.
 */
public enum Rule {
  NOT_A_MEMBER("NotAMember", "Only the two partners of a couple can do this."),
  NO_SUCH_SESSION("NoSuchSession", "There is no such session in this couple."),
  COUPLE_CLOSED("CoupleClosed", "A partner has left this couple, so it is closed."),
  WAITING_FOR_PARTNER(
      "WaitingForPartner", "A session takes two: your partner has not joined the couple yet."),
  NO_SUCH_NEED("NoSuchNeed", "There is no such shared need in this couple."),
  SESSION_ALREADY_EXISTS("SessionAlreadyExists", "This session already exists."),
  A_TIME_AHEAD("ATimeAhead", "Choose a time that has not passed yet."),
  WITHIN_A_YEAR("WithinAYear", "Plan a session within the next year."),
  NOT_TIME_YET(
      "NotTimeYet",
      "Check in and start from an hour before the time you agreed: how you feel then is what"
          + " counts."),
  TIME_HAS_PASSED(
      "TimeHasPassed",
      "The time you agreed has passed: offer another time, or take a rain check without blame."),
  A_SENSIBLE_LENGTH(
      "ASensibleLength", "A session ends after it starts, and lasts from 10 minutes to 4 hours."),
  ONE_SESSION_AT_A_TIME(
      "OneSessionAtATime", "Another session is already planned for that time; choose another."),
  THE_OTHER_PARTNER_ANSWERS(
      "TheOtherPartnerAnswers", "Your partner answers your proposal: accept it, or offer a time."),
  STILL_TO_BE_AGREED("StillToBeAgreed", "This proposal was already answered."),
  AGREED_FIRST("AgreedFirst", "Agree on a time first: the session is not accepted yet."),
  NOT_STARTED_YET("NotStartedYet", "The session has not started yet."),
  ALREADY_STARTED("AlreadyStarted", "The session has already started."),
  SESSION_IS_OVER("SessionIsOver", "This session is over."),
  BOTH_PARTNERS_READY(
      "BothPartnersReady",
      "Start when you both feel ready: calm enough, not rushed, not angry or flooded. There is no"
          + " blame in a rain check: postpone it and choose another time.",
      "PostponeSession"),
  INITIATOR_SHARES_FIRST("InitiatorSharesFirst", "The partner who asked goes first."),
  SAY_IT_IN_YOUR_WORDS(
      "SayItInYourWords", "Ask a question from the list, or in your own words, not both."),
  CLOSED_FIRST("ClosedFirst", "Rate a session once it is over."),
  RATED_ONCE("RatedOnce", "You have already said how this session felt.");

  private final String ruleName;
  private final String saying;
  private final String suggestion;

  Rule(String ruleName, String saying) {
    this(ruleName, saying, null);
  }

  Rule(String ruleName, String saying, String suggestion) {
    this.ruleName = ruleName;
    this.saying = saying;
    this.suggestion = suggestion;
  }

  public String ruleName() {
    return ruleName;
  }

  public RuleViolation refused() {
    return new RuleViolation(ruleName, saying, suggestion);
  }
}
