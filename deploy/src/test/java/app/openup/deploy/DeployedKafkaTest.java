package app.openup.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What is tested is what is deployed: Strimzi runs the Kafka version of local-kafka's broker. */
class DeployedKafkaTest {

  @Test
  void theKafkaResourceOfEveryOverlayNamesTheBrokerVersionThatTheTestsRun() {
    String broker = BrokerVersion.ofLocalKafka();
    for (String overlay : List.of("local", "production")) {
      String deployed =
          Rendered.overlay(overlay)
              .all("Kafka")
              .get(0)
              .path("spec")
              .path("kafka")
              .path("version")
              .asText();
      assertEquals(broker, deployed, overlay);
    }
  }

  @Test
  void theBrokerIsAVersionThatStrimziOneSupports() {
    // Strimzi 1.x runs Kafka 4.2.0 to 4.3.1.
    String broker = BrokerVersion.ofLocalKafka();
    assertTrue(broker.matches("4\\.(2|3)\\.\\d+"), broker);
  }
}
