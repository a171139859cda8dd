package app.openup.feedback.repository;

import io.vertx.mutiny.sqlclient.Row;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * {@code timestamptz} on the reactive client: it reads and binds offset date-times, not instants.
 */
public final class Timestamps {

  /** The earliest instant a query takes: the first day of year 1. */
  public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

  /** The latest instant a query takes: the last second of year 9999. */
  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  private Timestamps() {}

  /**
   * The instant, if a query may be given it: between {@link #EARLIEST} and {@link #LATEST}. An
   * instant further out (Java's reach beyond an offset date-time's, or PostgreSQL's) is a client's
   * mistake to answer with 400, not a statement to fail with.
   */
  public static Instant queryable(Instant instant) {
    if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
      throw new DateTimeException("Outside the years 1 to 9999: " + instant);
    }
    return instant;
  }

  /** The column as an instant; null stays null. */
  public static Instant instant(Row row, int column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }

  /** The instant as a parameter; null stays null. */
  public static OffsetDateTime parameter(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
