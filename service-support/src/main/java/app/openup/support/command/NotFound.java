package app.openup.support.command;

/**
 * What the caller asked for does not exist for them: unknown, or not theirs to see. The two are
 * never told apart (404), so that existence does not leak.
 */
public final class NotFound extends RuntimeException {

  public NotFound(String what) {
    super(what + " not found", null, false, false);
  }
}
