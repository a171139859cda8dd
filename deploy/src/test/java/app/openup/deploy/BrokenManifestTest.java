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
          non-root      | Deployment feedback-service: container feedback-service has a writable root filesystem
          ports         | Deployment session-service: port 'management' is 9999
          ports         | Service session-service: exposes the management port 9082
          probes        | Deployment feedback-service: has no readiness probe
          probes        | Deployment session-service: has no liveness probe
          probes        | Deployment needs-service: has no startup probe
          metrics       | Deployment feedback-service: Prometheus is not told to scrape
          image         | Deployment feedback-service: container feedback-service image openup/feedback-service:latest
          replicas      | Deployment feedback-service: sets spec.replicas (3)
          replicas      | HorizontalPodAutoscaler session-service: keeps at least 1 replicas, not 2
          rollout       | Deployment needs-service: must roll out with no unavailable replica
          scaling       | HorizontalPodAutoscaler feedback-service: may scale up to 1, below its minimum 2
          acl           | KafkaUser needs-service: may write event topics [needs.events, sessions.events]
          acl           | KafkaUser session-service: may read [feedback.events, needs.events], the service reads [needs.events]
          valid         | Kafka openup: spec.kafka.replicas is not served by kafka.strimzi.io/v1
          valid         | KafkaTopic needs-events: spec.[partitons] unknown to the model
          kafka         | Kafka openup: runs Kafka 4.2.0
          topics        | KafkaTopic needs-events: has 1 partitions
          topics        | KafkaTopic sessions-events: does not keep everything
          network       | NetworkPolicy needs-service: lets out to anywhere or on every port
          network       | NetworkPolicy needs-service: lets out on 443/TCP to {"ipBlock":{"cidr":"0.0.0.0/0"}}
          network       | NetworkPolicy feedback-service: lets in on 8083/TCP from {"namespaceSelector":{}}
          network       | Deployment feedback-service: cannot be reached by the ingress controller
          network       | NetworkPolicy session-service: lets out on 5432/TCP to {"podSelector":{}}
          network       | Deployment session-service: cannot reach its PostgreSQL clusters (pods cnpg.io/cluster in (openup-events, openup-keys)) on 5432/TCP
          network       | Deployment needs-service: cannot reach the trace collector http://otel-collector.monitoring:4317
          ingress       | /api/v1/couples/{coupleId}/sessions is routed to [needs-service]
          backups       | Cluster openup-events: archives no WAL
          erasure       | Cluster openup-keys: autovacuum_vacuum_scale_factor is PostgreSQL's default
          erasure       | Cluster openup-keys: its backups are restorable up to
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
