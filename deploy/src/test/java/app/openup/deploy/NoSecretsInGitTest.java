package app.openup.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Nothing in git holds a real secret, not even base64: no private key, no cloud key, and no
 * Kubernetes Secret with a value that is not an obvious placeholder.
 */
class NoSecretsInGitTest {

  private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----");
  private static final Pattern AWS_KEY = Pattern.compile("\\bAKIA[0-9A-Z]{16}\\b");
  private static final Pattern SECRET_VALUE =
      Pattern.compile("(?m)^ {2,}[A-Za-z0-9_.-]+: *([A-Za-z0-9+/=_-]{16,})\\s*$");

  /** What in the text looks like a secret. */
  static List<String> secretsIn(String name, String text) {
    List<String> found = new ArrayList<>();
    if (PRIVATE_KEY.matcher(text).find()) {
      found.add(name + ": a private key");
    }
    if (AWS_KEY.matcher(text).find()) {
      found.add(name + ": an AWS access key");
    }
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      for (String document : text.split("(?m)^---")) {
        if (document.matches("(?s).*(?m)^kind: *Secret\\s*$.*")) {
          Matcher m = SECRET_VALUE.matcher(document);
          while (m.find()) {
            if (!m.group(1).contains("REPLACE-ME")) {
              found.add(name + ": a Secret with a value");
            }
          }
        }
      }
    }
    return found;
  }

  @Test
  void noTrackedFileHoldsAPrivateKeyACloudKeyOrASecretsValue() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path file : Repository.trackedFiles()) {
      if (Files.size(file) > 2_000_000) {
        continue;
      }
      String text;
      try {
        text = Files.readString(file);
      } catch (IOException e) {
        continue; // not text
      }
      found.addAll(secretsIn(Repository.root().relativize(file).toString(), text));
    }
    assertEquals(List.of(), found);
  }

  @Test
  void theScanFindsAPrivateKeyAndASecretsBase64Value() {
    String key = "-----BEGIN " + "PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n";
    assertFalse(secretsIn("id.pem", key).isEmpty());
    String value = Base64.getEncoder().encodeToString("a long real password".getBytes());
    String secret =
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  password: " + value + "\n";
    assertFalse(secretsIn("secret.yaml", secret).isEmpty());
    assertTrue(
        secretsIn("secret.yaml", secret.replace(value, "REPLACE-ME-later-please")).isEmpty());
  }
}
