package app.openup.sessions.domain;

/** Open questions that invite the other to say more: curiosity instead of defensiveness. */
public enum OpenQuestion {
  TELL_ME_MORE("Tell me more about how you're feeling."),
  AND_THEN_WHAT("And then what happened?"),
  HELP_ME_UNDERSTAND(
      "I'm trying to understand. It will help if you tell me more about what this means to you."),
  WHAT_ELSE("What else are you feeling?");

  private final String words;

  OpenQuestion(String words) {
    this.words = words;
  }

  public String words() {
    return words;
  }
}
