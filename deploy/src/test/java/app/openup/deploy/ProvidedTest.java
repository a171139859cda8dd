package app.openup.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** deploy/README.md says all the user provides and fills in, and nothing that is not used. */
class ProvidedTest {

  // REPLACE-ME..., example.com, and the documentation address ranges (RFC 5737).
  private static final Pattern PLACEHOLDER =
      Pattern.compile(
          "REPLACE-ME[-a-z]*|[a-z0-9.-]*example\\.com[a-z0-9/.-]*"
              + "|(?:192\\.0\\.2|198\\.51\\.100|203\\.0\\.113)\\.\\d+/\\d+");

  @Test
  void everyRowOfWhatYouProvideIsReferencedByAnOverlay() {
    List<Repository.Provided> provided = Repository.provided();
    assertFalse(provided.isEmpty());
    String rendered = rendered();
    Set<String> unused = new TreeSet<>();
    for (Repository.Provided p : provided) {
      if (!rendered.contains("\"" + p.name() + "\"")) {
        unused.add(p.kind() + " " + p.name());
      }
    }
    assertEquals(Set.of(), unused);
  }

  @Test
  void everyPlaceholderInTheOverlaysIsInWhatToFillIn() {
    String readme = Repository.deployReadme();
    int start = readme.indexOf("## What to fill in");
    String section = start < 0 ? "" : readme.substring(start, readme.indexOf("\n## ", start + 1));
    Set<String> missing = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(rendered());
    while (m.find()) {
      if (!section.contains(m.group())) {
        missing.add(m.group());
      }
    }
    assertEquals(Set.of(), missing);
  }

  private static String rendered() {
    StringBuilder all = new StringBuilder();
    for (String overlay : List.of("local", "production")) {
      for (ObjectNode o : Rendered.overlay(overlay).all()) {
        all.append(o).append('\n');
      }
    }
    return all.toString();
  }
}
