package app.openup.support.command;

/** The caller was erased from the platform: nothing of theirs is written or read again (410). */
public final class PartnerErased extends RuntimeException {

  public PartnerErased() {
    super("This partner was erased; nothing of theirs is kept.", null, false, false);
  }
}
