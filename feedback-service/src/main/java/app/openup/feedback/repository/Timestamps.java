package app.openup.feedback.repository;

import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * {@code timestamptz} on the reactive client: it reads and binds offset date-times, not instants.
 */
public final class Timestamps {

  private Timestamps() {}

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
