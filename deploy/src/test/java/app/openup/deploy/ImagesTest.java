package app.openup.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The images' names and tags are set in one place, and each service's image is built non-root. */
class ImagesTest {

  @Test
  void theBaseKustomizationNamesEachServicesImageTaggedWithTheProjectVersion() {
    JsonNode base =
        Kustomize.read(Repository.kubernetes().resolve("base/kustomization.yaml")).get(0);
    for (String service : ServiceConfig.SERVICES) {
      JsonNode image = null;
      for (JsonNode i : base.path("images")) {
        if (i.path("name").asText().equals("openup/" + service)) {
          image = i;
        }
      }
      assertTrue(image != null, "no image of " + service + " in base/kustomization.yaml");
      assertEquals(
          System.getProperty("openup.version", "0.1.0-SNAPSHOT"), image.path("newTag").asText());
    }
  }

  @Test
  void noOtherFileNamesATagOfTheServicesImages() throws IOException {
    try (Stream<Path> files = Files.walk(Repository.kubernetes())) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        String text = Files.readString(file);
        boolean kustomization = file.getFileName().toString().equals("kustomization.yaml");
        if (kustomization
            && !file.equals(Repository.kubernetes().resolve("base/kustomization.yaml"))) {
          assertTrue(
              !text.contains("images:"), file + " sets images: base/kustomization.yaml does");
        }
        if (!kustomization) {
          for (String service : ServiceConfig.SERVICES) {
            assertTrue(
                !text.contains("image: openup/" + service + ":"),
                file + " tags the image of " + service + ": base/kustomization.yaml does");
          }
        }
      }
    }
  }

  @Test
  void everyServiceHasADockerfileThatRunsItsQuarkusAppAsANonRootUser() {
    for (String service : ServiceConfig.SERVICES) {
      Dockerfile docker = Dockerfile.of(service);
      assertTrue(docker.user() != null && docker.user() != 0, service + " image runs as root");
      String text =
          Repository.readString(
              Repository.root().resolve(service).resolve("src/main/docker/Dockerfile.jvm"));
      for (String layer : List.of("lib/", "*.jar", "app/", "quarkus/")) {
        assertTrue(text.contains("target/quarkus-app/" + layer), service + " image lacks " + layer);
      }
    }
  }
}
