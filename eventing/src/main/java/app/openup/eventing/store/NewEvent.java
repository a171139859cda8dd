package app.openup.eventing.store;

import java.util.Objects;
import java.util.UUID;

/**
 * An event about to be appended.
 *
 * @param eventId unique id, also the CloudEvents {@code id}
 * @param type the stable type name, for example {@code app.openup.need.shared.v1}
 * @param schemaVersion the version of the payload's shape
 * @param payloadJson the payload as a JSON object
 */
public record NewEvent(UUID eventId, String type, int schemaVersion, String payloadJson) {

  public NewEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payloadJson, "payloadJson");
    if (schemaVersion < 1) {
      throw new IllegalArgumentException("schemaVersion starts at 1");
    }
  }
}
