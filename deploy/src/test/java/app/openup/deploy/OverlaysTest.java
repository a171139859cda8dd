package app.openup.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.openup.deploy.ManifestChecks.Expectations;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders each overlay (no cluster, no kustomize binary: {@link Kustomize}) and holds it to the
 * services' own configuration and to what a deployment must get right. Each test names the checks
 * it asks about; the last one makes sure no finding of any check goes unasked.
 */
class OverlaysTest {

  private static final Map<String, Expectations> OVERLAYS =
      Map.of("local", Expectations.LOCAL, "production", Expectations.PRODUCTION);
  // Rendering and checking an overlay gives the same findings every time: done once per overlay.
  private static final Map<String, List<String>> FINDINGS = new ConcurrentHashMap<>();

  private static final Set<String> ASKED =
      Set.of(
          "valid",
          "limits",
          "non-root",
          "image",
          "rollout",
          "replicas",
          "ports",
          "probes",
          "metrics",
          "env",
          "files",
          "acl",
          "topics",
          "kafka",
          "postgres",
          "backups",
          "erasure",
          "secrets",
          "secret-values",
          "network",
          "disruption",
          "scaling",
          "ingress");

  private static List<String> all(String overlay) {
    return FINDINGS.computeIfAbsent(
        overlay, o -> ManifestChecks.check(Rendered.overlay(o), OVERLAYS.get(o)));
  }

  private static String check(String finding) {
    return finding.substring(1, finding.indexOf(']'));
  }

  private static List<String> findings(String overlay, String... checks) {
    Set<String> wanted = Set.of(checks);
    return all(overlay).stream().filter(f -> wanted.contains(check(f))).toList();
  }

  private static void assertNone(List<String> findings) {
    assertEquals(List.of(), findings, () -> "\n" + String.join("\n", findings));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"local", "production"})
  void everyObjectIsValidForItsKindAndApiVersion(String overlay) {
    assertNone(findings(overlay, "valid"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"local", "production"})
  void everyDeploymentHasRequestsLimitsAndRunsAsNonRootOnAReadOnlyFilesystem(String overlay) {
    assertNone(findings(overlay, "limits", "non-root", "image", "rollout"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"local", "production"})
  void portsAndProbesAreTheOnesTheServicesConfigureHealthOnTheManagementPort(String overlay) {
    assertNone(findings(overlay, "ports", "probes", "metrics"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"local", "production"})
  void everyVariableSetIsReadByItsServiceAndEveryFileItPointsAtIsMounted(String overlay) {
    assertNone(findings(overlay, "env", "files"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"local", "production"})
  void eachKafkaUserWritesExactlyItsOwnEventTopicAndReadsWhatItsServiceConsumes(String overlay) {
    assertNone(findings(overlay, "acl"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"local", "production"})
  void topicsAreTheChannelsTopicsKeptForeverWithAPartitionForEveryConsumer(String overlay) {
    assertNone(findings(overlay, "topics"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"local", "production"})
  void kafkaRunsTheBrokerVersionOfTheTestsBehindOneMutualTlsListener(String overlay) {
    assertNone(findings(overlay, "kafka"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"local", "production"})
  void eachServiceHasARoleAndADatabaseInTheEventStoresAndInTheKeyStoresCluster(String overlay) {
    assertNone(findings(overlay, "postgres"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"local", "production"})
  void productionBacksUpBothClustersAndLocalBacksUpNothing(String overlay) {
    assertNone(findings(overlay, "backups"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"local", "production"})
  void theKeyStoresVacuumErasedKeysAtOnceAndNoBackupOutlivesARotatedOutMasterKey(String overlay) {
    assertNone(findings(overlay, "erasure"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"local", "production"})
  void everySecretReferencedIsMadeByAnOperatorOrProvidedByTheUserNeverHeldInGit(String overlay) {
    assertNone(findings(overlay, "secrets", "secret-values"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"local", "production"})
  void podsTakeTrafficOnlyFromTheIngressAndPrometheusAndReachOnlyWhatTheyNeed(String overlay) {
    assertNone(findings(overlay, "network"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"local", "production"})
  void everyServiceHasADisruptionBudgetAndAnAutoscalerThatAloneSetsItsReplicas(String overlay) {
    assertNone(findings(overlay, "disruption", "scaling", "replicas"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"local", "production"})
  void theIngressRoutesEveryApiPathOfTheCodeToTheServiceThatOwnsIt(String overlay) {
    assertNone(findings(overlay, "ingress"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"local", "production"})
  void noCheckFindsAnythingTheTestsAboveDoNotAsk(String overlay) {
    assertNone(all(overlay).stream().filter(f -> !ASKED.contains(check(f))).toList());
  }
}
