package app.openup.needs.service;

/**
 * A partner's words as a reader gets them: shown, or erased (the author was erased, their key is
 * gone). Words a reader may not read (the other's, after a leave) are not in what they read at all.
 */
public record Words(String text, Visibility visibility) {

  public enum Visibility {
    SHOWN,
    ERASED
  }
}
