package app.openup.eventing.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** What of a stored payload the relay may publish; the relay tests cover it end to end. */
class PublicPayloadTest {

  @Test
  void aPayloadWithoutSealedTextIsPublishedAsStored() {
    String stored = "{\"topic\":\"FINANCES\",\"level\":3,\"notes\":[{\"level\":2}]}";

    assertSame(stored, PublicPayload.of(stored));
  }

  @Test
  void sealedMembersAreRemovedWhereverTheyAreNested() {
    String stored =
        "{\"topic\":\"FINANCES\",\"why\":{\"sealed\":\"v1.c2VjcmV0\"},"
            + "\"notes\":[{\"sealed\":\"v1.eA==\"},{\"level\":2,\"what\":{\"sealed\":\"v1.eQ==\"}}]}";

    assertEquals("{\"topic\":\"FINANCES\",\"notes\":[{\"level\":2}]}", PublicPayload.of(stored));
  }

  @Test
  void aSealedMemberWhoseNameIsEscapedIsRemovedToo() {
    // The name "sealed" with its "e"s written as JSON escapes: no plain "sealed" in the text.
    String escapedName = "s\\u0065al\\u0065d";
    String stored = "{\"topic\":\"SEX\",\"why\":{\"" + escapedName + "\":\"v1.c2VjcmV0\"}}";

    assertEquals("{\"topic\":\"SEX\"}", PublicPayload.of(stored));
  }

  @Test
  void spacesAroundTheNameDoNotHideASealedMember() {
    String stored = "{\"topic\" : \"SEX\", \"why\" : { \"sealed\" : \"v1.c2VjcmV0\" }}";

    assertEquals("{\"topic\":\"SEX\"}", PublicPayload.of(stored));
  }

  @Test
  void sealedAsAValueIsNotASealedMember() {
    String stored = "{\"state\":\"sealed\",\"level\":1}";

    assertEquals(stored, PublicPayload.of(stored));
  }

  @Test
  void theWordSealedInAValueLeavesEverythingElse() {
    String stored = "{\"note\":\"a sealed envelope\",\"quote\":\"\\\"sealed\\\"\"}";

    assertEquals(stored, PublicPayload.of(stored));
  }
}
