package app.openup.eventing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
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
  void anUnpublishedEventsTokenLeadsATopicsConsumerToWhatItFollows() {
    UUID id = UUID.randomUUID();
    ConsistencyToken draft =
        new ConsistencyToken("needs", 40L, id, "need-draft-1", 1).unpublishedAfter("couple-9", 2);
    ConsistencyToken decoded = ConsistencyToken.decode(draft.encode()).orElseThrow();
    assertEquals(draft, decoded);
    assertEquals("need-draft-1", decoded.streamId(), "its own store still waits for the draft");
    ConsistencyToken onTopic = decoded.onTopic().orElseThrow();
    assertEquals("couple-9", onTopic.streamId());
    assertEquals(2, onTopic.streamVersion());
    assertTrue(onTopic.published());

    ConsistencyToken alone =
        new ConsistencyToken("needs", 41L, id, "need-draft-2", 1).unpublished();
    assertEquals(alone, ConsistencyToken.decode(alone.encode()).orElseThrow());
    assertTrue(alone.onTopic().isEmpty(), "following nothing published: nothing to wait for");

    ConsistencyToken shared = new ConsistencyToken("needs", 42L, id, "need-3", 1);
    assertEquals(Optional.of(shared), shared.onTopic());
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
    String token = new ConsistencyToken("needs", 1, UUID.randomUUID(), "s", 1).encode();
    assertTrue(ConsistencyToken.decode(token + ".a.b").isEmpty(), "two dots");
    assertTrue(ConsistencyToken.decode(token + ".bm8gdmVyc2lvbg").isEmpty(), "no version");
    assertTrue(ConsistencyToken.decode(token + ".MDpz").isEmpty(), "version 0");
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
