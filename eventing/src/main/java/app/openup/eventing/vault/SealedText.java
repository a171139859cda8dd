package app.openup.eventing.vault;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * A person's words, encrypted with their data key. In an event payload it is the JSON object {@code
 * {"sealed": "..."}}, which the relay never publishes. It never prints its ciphertext.
 */
public record SealedText(@JsonProperty(SealedText.JSON_FIELD) String sealed) {

  /** The one field of a sealed text in JSON, by which the relay recognises and strips it. */
  public static final String JSON_FIELD = "sealed";

  @JsonCreator
  public SealedText {
    Objects.requireNonNull(sealed, "sealed");
  }

  @Override
  public String toString() {
    return "SealedText[" + sealed.length() + " chars]";
  }
}
