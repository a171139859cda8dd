package app.openup.eventing.vault;

/** The subject was forgotten (erased): nothing of theirs is written again. */
public final class SubjectForgotten extends RuntimeException {

  public SubjectForgotten() {
    super("This person was erased; nothing of theirs is kept.", null, false, false);
  }
}
