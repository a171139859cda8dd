package app.openup.eventing;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochRandomGenerator;
import java.util.UUID;

/**
 * New ids for events and aggregates: version 7 UUIDs (RFC 9562), which begin with the time they
 * were made, in milliseconds, and end with 74 fresh random bits.
 *
 * <p>Ids made in different milliseconds sort in the order they were made, so a new id goes to the
 * right-hand end of the event store's unique indexes (the event id's, and the stream id's for a new
 * stream) instead of to a random page of them. With random (version 4) ids every append touched a
 * different page of each such index, read it into memory if it was not there, and, after every
 * checkpoint, wrote the whole page to the write-ahead log again; see {@code benchmarks/README.md}
 * for what that cost. An id reveals the millisecond it was made in, which the event records anyway;
 * its random bits, drawn from a {@link java.security.SecureRandom}, keep it as hard to guess as a
 * version 4 id within that millisecond.
 */
public final class TimeOrderedIds {

  private static final TimeBasedEpochRandomGenerator GENERATOR =
      Generators.timeBasedEpochRandomGenerator();

  private TimeOrderedIds() {}

  /** A new version 7 UUID. */
  public static UUID next() {
    return GENERATOR.generate();
  }
}
