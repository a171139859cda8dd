package app.openup.benchmarks;

import java.util.Arrays;
import java.util.OptionalLong;

/**
 * Numbers by a non-negative index (an event's global position, a record's offset), in a plain
 * growing {@code long[]}. The relay's latency is measured by what the benchmark notes per event;
 * kept in maps of objects, those notes were most of what each young collection of the measuring JVM
 * copied (tens of thousands of entries), and those collections lengthened the very pauses the relay
 * was measured through. An array of primitives is not traced, and is not copied at all once it is
 * old.
 */
final class LongColumn {

  private static final long UNSET = Long.MIN_VALUE;

  private long[] values;

  LongColumn(int expected) {
    values = new long[Math.max(16, expected)];
    Arrays.fill(values, UNSET);
  }

  /** Notes a value unless one is noted already at this index (a re-delivery keeps the first). */
  synchronized void putIfAbsent(long index, long value) {
    int at = Math.toIntExact(index);
    if (at >= values.length) {
      int length = values.length;
      values = Arrays.copyOf(values, Math.max(at + 1, length * 2));
      Arrays.fill(values, length, values.length, UNSET);
    }
    if (values[at] == UNSET) {
      values[at] = value;
    }
  }

  synchronized OptionalLong get(long index) {
    return index < values.length && values[(int) index] != UNSET
        ? OptionalLong.of(values[(int) index])
        : OptionalLong.empty();
  }

  /** The highest index that can hold a value now (not all below it need to). */
  synchronized long capacity() {
    return values.length;
  }
}
