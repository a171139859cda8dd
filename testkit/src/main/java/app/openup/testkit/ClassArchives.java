package app.openup.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A class-data archive for each service jar (JDK 17's dynamic AppCDS): a service maps the classes
 * an earlier run of the same build loaded, instead of finding, parsing and verifying them again,
 * which took about a quarter off its start to ready here (benchmarks/README.md, "The platform",
 * step 8).
 *
 * <p>The first process of a jar with no archive as new as the jar trains one: it runs with {@code
 * -XX:ArchiveClassesAtExit} into a file of its own, which becomes the archive only once that
 * process stopped cleanly (the JVM writes it on the way out); a killed trainee leaves nothing, and
 * the next start trains again. Other processes of that jar meanwhile run without one. The JVM
 * checks an archive against its own build and the class path and runs without it if they differ, so
 * a stale or foreign archive costs the speed-up, never a start.
 */
final class ClassArchives {

  static final String FILE = "openup-classes.jsa";

  /** How a process uses the archive, and what to do once it stopped. */
  record Use(List<String> jvmOptions, Path trainee, Path archive) {

    boolean trains() {
      return trainee != null;
    }
  }

  private final Set<Path> training = ConcurrentHashMap.newKeySet();

  /** The JVM options for a new process of this jar. */
  Use use(Path jar) {
    Path archive = jar.resolveSibling(FILE);
    if (current(archive, jar)) {
      return new Use(List.of("-XX:SharedArchiveFile=" + archive), null, archive);
    }
    if (!training.add(archive)) {
      return new Use(List.of(), null, archive);
    }
    Path trainee =
        jar.resolveSibling(FILE + "." + ProcessHandle.current().pid() + "." + System.nanoTime());
    // What the JVM leaves out of the archive it says at exit, a line a class: not news.
    return new Use(
        List.of("-XX:ArchiveClassesAtExit=" + trainee, "-Xlog:cds*=error"), trainee, archive);
  }

  /** After the process ended: keeps what it trained if it stopped cleanly, else discards it. */
  void ended(Use use, boolean cleanly) {
    if (!use.trains()) {
      return;
    }
    try {
      if (cleanly && Files.exists(use.trainee()) && Files.size(use.trainee()) > 0) {
        Files.move(
            use.trainee(),
            use.archive(),
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } else {
        Files.deleteIfExists(use.trainee());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      training.remove(use.archive());
    }
  }

  private static boolean current(Path archive, Path jar) {
    try {
      return Files.exists(archive)
          && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) >= 0;
    } catch (IOException e) {
      return false;
    }
  }
}
