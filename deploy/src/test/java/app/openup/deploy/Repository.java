package app.openup.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
    String readme = deployReadme();
    int start = readme.indexOf("## What you provide");
    if (start < 0) {
      throw new IllegalStateException("deploy/README.md has no 'What you provide' section");
    }
    int end = readme.indexOf("\n## ", start + 1);
    String section = readme.substring(start, end < 0 ? readme.length() : end);
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

  /** The days deploy/README.md promises an erasure takes to be final everywhere. */
  static int promisedErasureDays() {
    Matcher m =
        Pattern.compile("an erasure is final everywhere (\\d+) days after it is made")
            .matcher(deployReadme());
    if (!m.find()) {
      throw new IllegalStateException(
          "deploy/README.md does not state the erasure promise in days");
    }
    return Integer.parseInt(m.group(1));
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
}
