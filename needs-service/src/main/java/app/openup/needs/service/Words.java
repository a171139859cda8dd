package app.openup.needs.service;

/**
 * A partner's words as a reader gets them: shown; erased (the author was erased, their key is
 * gone); or withheld (the author left the couple, and the other partner no longer sees their
 * words).
 */
public record Words(String text, Visibility visibility) {

  public enum Visibility {
    SHOWN,
    ERASED,
    WITHHELD
  }

  static final Words WITHHELD = new Words(null, Visibility.WITHHELD);
}
