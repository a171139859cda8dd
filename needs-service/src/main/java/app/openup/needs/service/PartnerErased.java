package app.openup.needs.service;

/** The caller was erased from the platform: nothing of theirs is written again. */
public final class PartnerErased extends RuntimeException {

  public PartnerErased() {
    super("This partner was erased; nothing of theirs is kept.", null, false, false);
  }
}
