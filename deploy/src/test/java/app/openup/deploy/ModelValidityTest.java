package app.openup.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An object is read with the model of its kind, and what the model does not serve is reported. */
class ModelValidityTest {

  @Test
  void aKubernetesFieldWithATypoIsReportedWhereItIs() throws IOException {
    List<String> problems =
        ModelValidity.problems(
            yaml(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: app}
                spec:
                  template:
                    spec:
                      containers: [{name: app, image: x, imagePullPolcy: Always}]
                """));
    assertEquals(1, problems.size(), problems::toString);
    assertTrue(problems.get(0).contains("imagePullPolcy"), problems::toString);
  }

  @Test
  void aKindNoApiServesIsReported() throws IOException {
    assertTrue(
        ModelValidity.problems(
                yaml("apiVersion: apps/v9\nkind: Deployment\nmetadata: {name: app}\n"))
            .get(0)
            .contains("is no kind"));
  }

  @Test
  void strimziResourcesAreReadAsKafkaStrimziIoV1Serves() throws IOException {
    assertTrue(
        ModelValidity.problems(
                yaml(
                    "apiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaTopic\nmetadata: {name: t}\n"))
            .get(0)
            .contains("not served by Strimzi 1.x"));
    List<String> problems =
        ModelValidity.problems(
            yaml(
                """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaUser
                metadata: {name: u}
                spec:
                  authorization:
                    type: simple
                    acls:
                      - resource: {type: topic, name: t}
                        operation: Write
                """));
    assertEquals(
        List.of("spec.authorization.acls[0].operation is not served by kafka.strimzi.io/v1"),
        problems);
  }

  @Test
  void cloudNativePgFieldsAreThoseOfItsApiReference() throws IOException {
    List<String> problems =
        ModelValidity.problems(
            yaml(
                """
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: c}
                spec:
                  instance: 3
                  managed:
                    roles: [{name: r, passwordSecrets: {name: s}}]
                """));
    assertEquals(
        List.of(
            "spec.instance is no field of Cluster",
            "spec.managed.roles.passwordSecrets is no field of Cluster"),
        problems.stream().sorted().toList());
  }

  @Test
  void versionRangesOfStrimzisModelAreOrderedAsKubernetesOrdersVersions() {
    assertTrue(ServedVersions.inRange("v1", "v1beta2+"));
    assertTrue(!ServedVersions.inRange("v1", "v1alpha1-v1beta2"));
    assertTrue(ServedVersions.compare("v1beta1", "v1beta2") < 0);
    assertTrue(ServedVersions.compare("v1", "v2alpha1") < 0);
  }

  private static JsonNode yaml(String text) throws IOException {
    return Kustomize.readAll(text).get(0);
  }
}
