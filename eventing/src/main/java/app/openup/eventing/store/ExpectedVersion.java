package app.openup.eventing.store;

/**
 * What a writer believes about a stream before it appends: exactly a version (the one it loaded),
 * that the stream does not exist yet, or nothing at all.
 */
public sealed interface ExpectedVersion {

  /** The stream must be at exactly this version (0: the stream must not exist). */
  record Exactly(long version) implements ExpectedVersion {
    public Exactly {
      if (version < 0) {
        throw new IllegalArgumentException("version must not be negative");
      }
    }
  }

  /** Append whatever the stream's version; never a conflict. */
  record Any() implements ExpectedVersion {}

  static ExpectedVersion exactly(long version) {
    return new Exactly(version);
  }

  static ExpectedVersion noStream() {
    return new Exactly(0);
  }

  static ExpectedVersion any() {
    return new Any();
  }
}
