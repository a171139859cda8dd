package app.openup.eventing.store;

/**
 * The stream was not at the expected version: somebody else appended first. Nothing was written.
 */
public final class ConcurrencyConflict extends RuntimeException {

  private final String streamId;
  private final ExpectedVersion expected;
  private final long actualVersion;

  public ConcurrencyConflict(String streamId, ExpectedVersion expected, long actualVersion) {
    super(
        "Stream " + streamId + " is at version " + actualVersion + ", not the expected " + expected,
        null,
        false,
        false);
    this.streamId = streamId;
    this.expected = expected;
    this.actualVersion = actualVersion;
  }

  public String streamId() {
    return streamId;
  }

  public ExpectedVersion expected() {
    return expected;
  }

  /** The stream's version when the append was refused. */
  public long actualVersion() {
    return actualVersion;
  }
}
