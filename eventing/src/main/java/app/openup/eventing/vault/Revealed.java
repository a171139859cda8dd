package app.openup.eventing.vault;

/**
 * Text read back from the vault: the words, or the mark that their author was erased. A page that
 * shows it never breaks on an erased author.
 *
 * @param text the words, or {@link #ERASED_MARKER} if erased
 * @param erased whether the author's key was forgotten
 */
public record Revealed(String text, boolean erased) {

  /** What a reader sees in place of an erased person's words. */
  public static final String ERASED_MARKER = "[erased]";

  static final Revealed ERASED = new Revealed(ERASED_MARKER, true);

  static Revealed of(String text) {
    return new Revealed(text, false);
  }

  @Override
  public String toString() {
    return erased ? "Revealed[erased]" : "Revealed[" + text.length() + " chars]";
  }
}
