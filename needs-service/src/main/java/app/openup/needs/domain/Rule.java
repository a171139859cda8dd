package app.openup.needs.domain;

import app.openup.eventing.domain.RuleViolation;

/**
 * The rules of steps 1 and 2 of the method, and of the couple, each with a stable name (the problem
 * {@code type} an API client sees) and what it says to the couple.
 */
public enum Rule {
  COUPLE_ALREADY_FORMED("CoupleAlreadyFormed", "This couple already exists."),
  NOT_A_MEMBER("NotAMember", "Only the two partners of a couple can do this."),
  COUPLE_IS_OPEN("CoupleIsOpen", "A partner has left this couple, so it is closed."),
  TWO_PARTNERS_ONLY("TwoPartnersOnly", "A couple is the two of you: it already has both partners."),
  INVITATION_VALID("InvitationValid", "This invitation is no longer valid; ask for a new one."),
  INVITATION_NOT_EXPIRED("InvitationNotExpired", "This invitation has expired; ask for a new one."),
  ALREADY_IN_THIS_COUPLE("AlreadyInThisCouple", "You are already a partner in this couple."),
  NO_SUCH_NEED("NoSuchNeed", "There is no such need in this couple."),
  NEED_ALREADY_EXISTS("NeedAlreadyExists", "This need already exists."),
  DRAFTS_ARE_PRIVATE("DraftsArePrivate", "A draft is its author's alone."),
  ONLY_DRAFTS_CHANGE(
      "OnlyDraftsChange", "A shared need is not rewritten: withdraw it and draft a new one."),
  SHARE_SAYS_WHY("ShareSaysWhy", "Tell your partner why this matters to you when you share it."),
  ALREADY_SHARED("AlreadyShared", "This need is already shared."),
  SHARE_FIRST("ShareFirst", "Share the need with your partner first."),
  SAY_WHAT_YOU_HEARD("SayWhatYouHeard", "Say back, in your own words, what you heard."),
  ONLY_THE_PARTNER_ACKNOWLEDGES(
      "OnlyThePartnerAcknowledges", "Your partner acknowledges your need, in their own words."),
  ONLY_THE_PARTNER_ASKS("OnlyThePartnerAsks", "Questions about a need come from your partner."),
  ONLY_THE_AUTHOR_ANSWERS("OnlyTheAuthorAnswers", "Only the need's author answers its questions."),
  QUESTION_OPEN("QuestionOpen", "There is no open question with that id."),
  NEED_STILL_OPEN("NeedStillOpen", "This need is already met or withdrawn."),
  ONLY_THE_AUTHOR_WITHDRAWS("OnlyTheAuthorWithdraws", "Only the need's author can withdraw it.");

  private final String ruleName;
  private final String saying;

  Rule(String ruleName, String saying) {
    this.ruleName = ruleName;
    this.saying = saying;
  }

  /** The rule's stable name. */
  public String ruleName() {
    return ruleName;
  }

  /** The refusal to throw. */
  public RuleViolation refused() {
    return new RuleViolation(ruleName, saying);
  }
}
