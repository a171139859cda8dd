package app.openup.eventing.store;

/** What became of one append of a batch. */
sealed interface AppendOutcome {

  /** Written now; {@code announced} if its statement notified the relay itself. */
  record Appended(AppendResult result, boolean announced) implements AppendOutcome {}

  /** Written before: by an earlier request with the same idempotency key, or the same events. */
  record Repeated(AppendResult result) implements AppendOutcome {}

  /** The stream, or a stream a condition names, is not at the version expected. */
  record Conflicted(String streamId, ExpectedVersion expected) implements AppendOutcome {}

  /** Lost a race it may retry: an "any version" append, or a key another batch stored first. */
  record Retry() implements AppendOutcome {}

  /** Refused, or could not be written, on its own. */
  record Failed(Throwable cause) implements AppendOutcome {}
}
