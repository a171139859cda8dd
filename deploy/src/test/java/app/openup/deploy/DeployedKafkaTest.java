package app.openup.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What is tested is what is deployed: Strimzi runs the Kafka version of local-kafka's broker, and
 * deploy/README.md asks for a Strimzi that runs it (its table of Strimzi's releases and their Kafka
 * versions, from Strimzi's CHANGELOG, is the one place that says which does).
 */
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
  void theReadmeAsksForTheFirstStrimziReleaseThatRunsTheBroker() {
    String broker = BrokerVersion.ofLocalKafka();
    String first =
        Repository.strimziKafkaVersions().entrySet().stream()
            .filter(release -> release.getValue().contains(broker))
            .map(Map.Entry::getKey)
            .min(DeployedKafkaTest::compareVersions)
            .orElseThrow(
                () -> new AssertionError("no Strimzi release in the table runs " + broker));
    assertEquals(
        first, Repository.strimziAskedFor(), "the first Strimzi that runs Kafka " + broker);
  }

  @Test
  void theHelmCommandInstallsAStrimziThatRunsTheBroker() {
    String broker = BrokerVersion.ofLocalKafka();
    String installed = Repository.strimziInstalled();
    List<String> runs = Repository.strimziKafkaVersions().get(installed);
    assertTrue(
        runs != null && runs.contains(broker),
        "Strimzi " + installed + " runs " + runs + ", not Kafka " + broker);
  }

  /** Orders versions such as 1.2.0 and 1.10.0 by their numbers. */
  private static int compareVersions(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }
}
