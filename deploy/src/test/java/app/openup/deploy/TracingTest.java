package app.openup.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.openup.deploy.ManifestChecks.Expectations;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Tracing turned on as deploy/README.md ("Network") says, the collector's address in
 * openup-platform and an egress rule to it in each NetworkPolicy, leaves nothing for any check to
 * report (src/test/resources/tracing: the production overlay with exactly that).
 */
class TracingTest {

  private static final Path TRACING =
      Repository.root().resolve("deploy/src/test/resources/tracing");

  @Test
  void tracingTurnedOnWithAnEgressRuleToTheCollectorPassesEveryCheck() {
    List<String> findings =
        ManifestChecks.check(Rendered.of("tracing", TRACING), Expectations.PRODUCTION);
    assertEquals(List.of(), findings, () -> "\n" + String.join("\n", findings));
  }

  @Test
  void theReadmesEgressRuleIsTheOneTheOverlayAdds() throws Exception {
    String network = Repository.section(Repository.deployReadme(), "## Network");
    Matcher yaml = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(network);
    if (!yaml.find()) {
      throw new AssertionError("deploy/README.md's 'Network' shows no egress rule");
    }
    JsonNode documented = Kustomize.YAML.readTree(yaml.group(1)).get(0);
    JsonNode kustomization =
        Kustomize.YAML.readTree(TRACING.resolve("kustomization.yaml").toFile());
    JsonNode added = null;
    for (JsonNode patch : kustomization.path("patches")) {
      if ("NetworkPolicy".equals(patch.path("target").path("kind").asText())) {
        added = Kustomize.YAML.readTree(patch.path("patch").asText()).get(0).path("value");
      }
    }
    assertEquals(documented, added);
  }
}
