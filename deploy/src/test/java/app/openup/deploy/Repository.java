package app.openup.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where things are in the repository, and what its documents say that the tests hold to. */
final class Repository {

  private Repository() {}

  /** The repository's root: the build says it; else the folder above deploy/. */
  static Path root() {
    String root = System.getProperty("openup.root");
    Path path = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
    while (path != null && !Files.isDirectory(path.resolve("deploy/kubernetes"))) {
      path = path.getParent();
    }
    if (path == null) {
      throw new IllegalStateException("Cannot find the repository root (deploy/kubernetes)");
    }
    return path;
  }

  static Path kubernetes() {
    return root().resolve("deploy/kubernetes");
  }

  static Path overlay(String name) {
    return kubernetes().resolve("overlays").resolve(name);
  }

  static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
  }

  static String deployReadme() {
    return readString(root().resolve("deploy/README.md"));
  }

  /**
   * What deploy/README.md says the user provides: the rows of the table under "What you provide",
   * each a kind (Secret or ConfigMap), a name and the keys the manifests read from it.
   */
  static List<Provided> provided() {
    String section = section(deployReadme(), "## What you provide");
    Pattern row =
        Pattern.compile(
            "^\\| *(Secret|ConfigMap) *\\| *`([^`]+)` *\\| *([^|]+)\\|", Pattern.MULTILINE);
    List<Provided> provided = new ArrayList<>();
    Matcher m = row.matcher(section);
    while (m.find()) {
      Set<String> keys = new LinkedHashSet<>();
      Matcher key = Pattern.compile("`([^`]+)`").matcher(m.group(3));
      while (key.find()) {
        keys.add(key.group(1));
      }
      provided.add(new Provided(m.group(1), m.group(2), keys));
    }
    return provided;
  }

  /**
   * What deploy/README.md promises of an erasure, in days: how often each master key is rotated at
   * least, how long after a rotation its old key is destroyed, and so when an erasure is final
   * everywhere at most.
   */
  static ErasurePromise erasurePromise() {
    String readme = deployReadme().replaceAll("\\s+", " "); // sentences wrap across lines
    return new ErasurePromise(
        number(readme, "rotate each master key at least every (\\d+) days"),
        number(readme, "destroy the old master key (\\d+) days after"),
        number(readme, "an erasure is final everywhere at most (\\d+) days after it is made"));
  }

  /** Strimzi's releases and the Kafka versions each runs: the table in deploy/README.md. */
  static Map<String, List<String>> strimziKafkaVersions() {
    String section = section(deployReadme(), "## Install the operators");
    Map<String, List<String>> versions = new LinkedHashMap<>();
    Matcher row =
        Pattern.compile("^\\| *(\\d+\\.\\d+\\.\\d+) *\\| *([0-9., ]+)\\|", Pattern.MULTILINE)
            .matcher(section);
    while (row.find()) {
      versions.put(row.group(1), List.of(row.group(2).trim().split(" *, *")));
    }
    if (versions.isEmpty()) {
      throw new IllegalStateException("deploy/README.md has no table of Strimzi's Kafka versions");
    }
    return versions;
  }

  /** The oldest Strimzi that deploy/README.md asks for ("**Strimzi x.y.z or later**"). */
  static String strimziAskedFor() {
    Matcher m =
        Pattern.compile("\\*\\*Strimzi (\\d+\\.\\d+\\.\\d+) or later\\*\\*")
            .matcher(deployReadme().replaceAll("\\s+", " "));
    if (!m.find()) {
      throw new IllegalStateException("deploy/README.md does not say which Strimzi it needs");
    }
    return m.group(1);
  }

  /** The Strimzi version deploy/README.md's Helm command installs. */
  static String strimziInstalled() {
    Matcher m = Pattern.compile("strimzi-kafka-operator --version (\\S+)").matcher(deployReadme());
    if (!m.find()) {
      throw new IllegalStateException("deploy/README.md does not install Strimzi with Helm");
    }
    return m.group(1);
  }

  private static int number(String text, String pattern) {
    Matcher m = Pattern.compile(pattern).matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("deploy/README.md does not say '" + pattern + "'");
    }
    return Integer.parseInt(m.group(1));
  }

  static String section(String readme, String heading) {
    int start = readme.indexOf(heading);
    if (start < 0) {
      throw new IllegalStateException("deploy/README.md has no '" + heading + "' section");
    }
    int end = readme.indexOf("\n## ", start + 1);
    return readme.substring(start, end < 0 ? readme.length() : end);
  }

  /** The files git tracks, or every file under the root if git is not there. */
  static List<Path> trackedFiles() {
    Path root = root();
    try {
      Process git =
          new ProcessBuilder("git", "ls-files", "-z")
              .directory(root.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String out;
      try (InputStream in = git.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (git.waitFor() == 0 && !out.isEmpty()) {
        List<Path> files = new ArrayList<>();
        for (String name : out.split("\0")) {
          if (!name.isEmpty() && Files.isRegularFile(root.resolve(name))) {
            files.add(root.resolve(name));
          }
        }
        return files;
      }
    } catch (IOException e) {
      // No git: walk the tree instead.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (var walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> !root.relativize(p).toString().matches("(.*/)?(target|\\.git|\\.run)/.*"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Secret or ConfigMap the user makes before applying an overlay. */
  record Provided(String kind, String name, Set<String> keys) {}

  /** The erasure promise of deploy/README.md, in days. */
  record ErasurePromise(int rotateEvery, int oldKeyKept, int finalWithin) {}
}
