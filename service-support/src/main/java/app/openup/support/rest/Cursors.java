package app.openup.support.rest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque cursors of paginated lists: a position in the list's order that the client passes back to
 * get the next page. A cursor the service did not hand out is a 400.
 */
public final class Cursors {

  private Cursors() {}

  /** The cursor after an item whose sort key is {@code key}. */
  public static String after(String key) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("c:" + key).getBytes(StandardCharsets.UTF_8));
  }

  /** The sort key a cursor names, or null for the first page. */
  public static String read(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (!text.startsWith("c:") || text.length() > 200) {
        throw invalid();
      }
      return text.substring(2);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
  }

  private static InvalidHeader invalid() {
    return new InvalidHeader("cursor", "The cursor is not one this service handed out.");
  }
}
