package app.openup.eventing.projection;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.openup.eventing.projection.StoreFeed.Position;
import org.junit.jupiter.api.Test;

/**
 * A read model's place in the store's order: by the writing transaction's id first, then by the
 * position within it (a later transaction's events can have lower positions). A rebuilt version
 * switches in once it stands at or after the active one.
 */
class StoreFeedPositionTest {

  @Test
  void theTransactionComesFirstThenThePosition() {
    Position earlier = new Position("900", 50);
    Position laterTransactionLowerPosition = new Position("901", 10);
    assertTrue(laterTransactionLowerPosition.isAtOrAfter(earlier));
    assertFalse(earlier.isAtOrAfter(laterTransactionLowerPosition));
    assertTrue(new Position("900", 51).isAtOrAfter(earlier));
    assertFalse(new Position("900", 49).isAtOrAfter(earlier));
  }

  @Test
  void aPositionIsAtItself() {
    assertTrue(new Position("900", 50).isAtOrAfter(new Position("900", 50)));
    assertTrue(Position.START.isAtOrAfter(Position.START));
  }

  @Test
  void everyPositionIsAtOrAfterTheStart() {
    assertTrue(new Position("3", 1).isAtOrAfter(Position.START));
    assertFalse(Position.START.isAtOrAfter(new Position("3", 1)));
  }

  @Test
  void transactionIdsCompareAsNumbersNotAsText() {
    // xid8 is an unsigned 64-bit count; as text, "10" would sort before "9".
    assertTrue(new Position("10", 1).isAtOrAfter(new Position("9", 5)));
    assertTrue(new Position("18446744073709551615", 1).isAtOrAfter(new Position("9", 5)));
  }
}
