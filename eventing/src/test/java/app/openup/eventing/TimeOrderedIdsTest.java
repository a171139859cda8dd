package app.openup.eventing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

  private static long millisOf(UUID id) {
    return id.getMostSignificantBits() >>> 16;
  }

  @Test
  void idsAreVersion7AndCarryTheMillisecondTheyWereMadeIn() {
    long before = System.currentTimeMillis();
    UUID id = TimeOrderedIds.next();
    long after = System.currentTimeMillis();

    assertEquals(7, id.version());
    assertEquals(2, id.variant());
    assertTrue(millisOf(id) >= before && millisOf(id) <= after, id.toString());
  }

  @Test
  void idsOfLaterMillisecondsSortAfterEarlierOnesAndNeverRepeat() {
    List<UUID> ids = new ArrayList<>();
    long start = System.currentTimeMillis();
    while (System.currentTimeMillis() < start + 5 || ids.size() < 1_000) {
      ids.add(TimeOrderedIds.next());
    }
    assertEquals(ids.size(), new HashSet<>(ids).size());
    for (int i = 1; i < ids.size(); i++) {
      UUID earlier = ids.get(i - 1);
      UUID later = ids.get(i);
      if (millisOf(later) > millisOf(earlier)) {
        // PostgreSQL orders uuids byte by byte, as the string form does.
        assertTrue(earlier.toString().compareTo(later.toString()) < 0, earlier + " " + later);
      } else {
        assertEquals(millisOf(earlier), millisOf(later));
      }
    }
    assertTrue(millisOf(ids.get(ids.size() - 1)) > millisOf(ids.get(0)));
  }
}
