package app.openup.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.openup.deploy.Kustomize.KustomizeException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The offline renderer does what Kustomize does, for what it knows, and refuses the rest. */
class KustomizeTest {

  @TempDir Path dir;

  @Test
  void patchesNamespaceLabelsAndImagesApplyAsKustomizeAppliesThem() throws IOException {
    write(
        "base/kustomization.yaml",
        """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources: [app.yaml]
        images:
          - name: example/app
            newName: registry.example.com/app
            newTag: "1.2"
        """);
    write(
        "base/app.yaml",
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: app}
        spec:
          replicas: 2
          template:
            spec:
              containers: [{name: app, image: example/app}]
        """);
    write(
        "overlay/kustomization.yaml",
        """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        namespace: there
        labels:
          - pairs: {team: us}
        resources: [../base]
        patches:
          - target: {kind: Deployment}
            patch: |-
              - op: replace
                path: /spec/replicas
                value: 1
        """);
    List<ObjectNode> objects = Kustomize.render(dir.resolve("overlay"));
    assertEquals(1, objects.size());
    JsonNode app = objects.get(0);
    assertEquals(1, app.path("spec").path("replicas").asInt());
    assertEquals("there", app.path("metadata").path("namespace").asText());
    assertEquals("us", app.path("metadata").path("labels").path("team").asText());
    assertEquals(
        "registry.example.com/app:1.2",
        app.path("spec")
            .path("template")
            .path("spec")
            .path("containers")
            .get(0)
            .path("image")
            .asText());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "configMapGenerator: [{name: x, literals: [a=b]}]",
        "commonLabels: {a: b}",
        "namePrefix: x-",
        "replicas: [{name: app, count: 3}]",
        "patches: [{path: patch.yaml}]",
        "patches: [{target: {kind: Deployment}, patch: 'spec: {replicas: 1}'}]",
        "patches: [{target: {kind: Deployment, labelSelector: a=b}, patch: '[]'}]",
        "patches: [{target: {kind: Deployment, name: 'app.*'}, patch: '[]'}]",
        "labels: [{pairs: {a: b}, includeSelectors: true}]",
        "images: [{name: example/app, digest: 'sha256:00'}]"
      })
  void refusesWhatItDoesNotRenderRatherThanGuess(String field) throws IOException {
    write(
        "k/kustomization.yaml",
        """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources: [app.yaml]
        """
            + field
            + "\n");
    write("k/app.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app}\n");
    assertThrows(KustomizeException.class, () -> Kustomize.render(dir.resolve("k")));
  }

  @Test
  void aPatchThatCannotApplyIsAnErrorNotASilentNoOp() throws IOException {
    write(
        "k/kustomization.yaml",
        """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources: [app.yaml]
        patches:
          - target: {kind: Deployment}
            patch: |-
              - op: remove
                path: /spec/nothing
        """);
    write("k/app.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app}\nspec: {}\n");
    assertThrows(KustomizeException.class, () -> Kustomize.render(dir.resolve("k")));
  }

  @Test
  void anImageKeepsItsRegistryPortWhenItsTagIsRead() {
    assertEquals("registry:5000/app", Kustomize.imageName("registry:5000/app:1.0"));
    assertEquals("registry:5000/app", Kustomize.imageName("registry:5000/app"));
    assertEquals("app", Kustomize.imageName("app@sha256:00"));
  }

  /**
   * Where a kubectl that embeds Kustomize is installed, both render every overlay to the same
   * objects. (No registry here has one; the checks above never depend on it.)
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"local", "production"})
  void rendersEveryOverlayAsKubectlKustomizeDoesWhereOneIsInstalled(String overlay)
      throws Exception {
    Optional<Path> kubectl = kubectlWithKustomize();
    Assumptions.assumeTrue(kubectl.isPresent(), "no kubectl with kustomize on PATH");
    Process process =
        new ProcessBuilder(
                kubectl.get().toString(), "kustomize", Repository.overlay(overlay).toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue());
    assertEquals(byId(Kustomize.readAll(out)), byId(List.copyOf(Rendered.overlay(overlay).all())));
  }

  private static Map<String, JsonNode> byId(List<? extends JsonNode> objects) {
    Map<String, JsonNode> byId = new TreeMap<>();
    for (JsonNode o : objects) {
      byId.put(
          o.path("apiVersion").asText() + "/" + o.path("kind").asText() + "/" + Kustomize.name(o),
          o);
    }
    return byId;
  }

  private static Optional<Path> kubectlWithKustomize() throws InterruptedException {
    for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(entry, "kubectl");
      if (!Files.isExecutable(candidate)) {
        continue;
      }
      try {
        // Kustomize 5 (the labels field, inline patches) is in kubectl 1.27 and later.
        Process p =
            new ProcessBuilder(candidate.toString(), "version", "--client", "-o", "json")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        JsonNode version = Kustomize.YAML.readTree(p.getInputStream());
        String minor =
            version.path("clientVersion").path("minor").asText("0").replaceAll("\\D", "");
        if (p.waitFor(30, TimeUnit.SECONDS)
            && p.exitValue() == 0
            && version.path("clientVersion").path("major").asText().equals("1")
            && !minor.isEmpty()
            && Integer.parseInt(minor) >= 27) {
          return Optional.of(candidate);
        }
      } catch (IOException | RuntimeException e) {
        // Not runnable, or it cannot say its version: look further.
      }
    }
    return Optional.empty();
  }

  private void write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
