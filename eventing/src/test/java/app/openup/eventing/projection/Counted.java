package app.openup.eventing.projection;

import app.openup.eventing.store.AppendRequest;
import app.openup.eventing.store.ExpectedVersion;
import app.openup.eventing.store.NewEvent;
import java.util.List;
import java.util.UUID;

/** The projection tests' event: one "counted" event of a couple, appended to a stream. */
final class Counted {

  private Counted() {}

  /** An append of one counted event of the couple to the stream, at the expected version. */
  static AppendRequest append(String streamId, ExpectedVersion expected, UUID couple) {
    return new AppendRequest(
        streamId,
        expected,
        couple,
        null,
        List.of(new NewEvent(UUID.randomUUID(), "counted", 1, "{}")),
        null,
        null);
  }
}
