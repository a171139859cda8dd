package app.openup.eventing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConsistencyTokenTest {

  @Test
  void aTokenSurvivesTheRoundTripThroughAClient() {
    ConsistencyToken token =
        new ConsistencyToken("needs", 12_345L, UUID.randomUUID(), "need-a:b", 3);
    String encoded = token.encode();
    assertFalse(encoded.contains("needs"), "the token is opaque to clients");
    assertEquals(token, ConsistencyToken.decode(encoded).orElseThrow());
  }

  @Test
  void garbageIsNotAToken() {
    assertTrue(ConsistencyToken.decode("not a token!").isEmpty());
    assertTrue(ConsistencyToken.decode("").isEmpty());
    assertTrue(ConsistencyToken.decode(null).isEmpty());
    assertTrue(
        ConsistencyToken.decode(
                new ConsistencyToken("needs", 1, UUID.randomUUID(), "s", 1).encode() + "x!")
            .isEmpty());
  }

  @Test
  void aTokenNeedsASourceAndAPosition() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new ConsistencyToken("Needs Service", 1, UUID.randomUUID(), "s", 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ConsistencyToken("needs", -1, UUID.randomUUID(), "s", 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ConsistencyToken("needs", 1, UUID.randomUUID(), "s", 0));
  }
}
