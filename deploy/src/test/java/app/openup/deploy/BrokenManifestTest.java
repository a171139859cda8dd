package app.openup.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import app.openup.deploy.ManifestChecks.Expectations;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The checks find what is wrong: a deliberately broken overlay (the production one with a defect
 * for each check, in src/test/resources/broken) makes every one of them report.
 */
class BrokenManifestTest {

  private static List<String> findings;

  @BeforeAll
  static void checkTheBrokenOverlay() throws Exception {
    Path broken = Repository.root().resolve("deploy/src/test/resources/broken");
    findings = ManifestChecks.check(Rendered.of("broken", broken), Expectations.PRODUCTION);
  }

  @ParameterizedTest(name = "[{0}] {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          limits        | Deployment needs-service: container needs-service has no memory limit
          env           | OPENUP_NEEDS_MOOD is set, but no configuration of needs-service reads it
          secrets       | Secret nobody-made-this is neither in the overlay
          non-root      | Deployment session-service: container session-service may run as root
          ports         | Deployment session-service: port 'management' is 9999
          probes        | Deployment feedback-service: has no readiness probe
          metrics       | Deployment feedback-service: Prometheus is not told to scrape
          image         | Deployment feedback-service: container feedback-service image openup/feedback-service:latest
          replicas      | Deployment feedback-service: runs 3 replicas, not 2
          rollout       | Deployment needs-service: must roll out with no unavailable replica
          scaling       | HorizontalPodAutoscaler session-service: may scale below 2 replicas
          acl           | KafkaUser needs-service: may write event topics [needs.events, sessions.events]
          valid         | Kafka openup: spec.kafka.replicas is not served by kafka.strimzi.io/v1
          valid         | KafkaTopic needs-events: spec.[partitons] unknown to the model
          kafka         | Kafka openup: runs Kafka 4.2.0
          topics        | KafkaTopic needs-events: has 1 partitions
          network       | NetworkPolicy needs-service: lets out to anywhere or on every port
          network       | Deployment needs-service: lets out on [443, 53, 5432, 9093]
          ingress       | /api/v1/couples/{coupleId}/sessions is routed to [needs-service]
          backups       | Cluster openup-keys: archives no WAL
          postgres      | reads database openup_sessions, which cluster openup-events does not have
          disruption    | Deployment feedback-service: has no PodDisruptionBudget
          files         | /etc/openup/kafka/cluster-ca/ca.pem
          secret-values | Secret leftover: holds values in git
          """)
  void theBrokenOverlayIsReportedByEachCheck(String check, String fragment) {
    assertTrue(
        findings.stream().anyMatch(f -> f.startsWith("[" + check + "]") && f.contains(fragment)),
        () ->
            "no ["
                + check
                + "] finding with '"
                + fragment
                + "' among:\n"
                + String.join("\n", findings));
  }
}
