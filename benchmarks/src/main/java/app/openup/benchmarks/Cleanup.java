package app.openup.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.stream.Stream;

/**
 * What must not outlive the benchmark: its databases, temporary files, the Kafka broker and any
 * child process (pgbench, ProducerPerformance). Released in reverse order on close, or by a
 * shutdown hook if the benchmark is interrupted (Ctrl-C), once either way.
 */
final class Cleanup implements AutoCloseable {

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final Thread hook = new Thread(this::release, "benchmark-cleanup");
  private boolean released;

  Cleanup() {
    Runtime.getRuntime().addShutdownHook(hook);
  }

  synchronized <T extends AutoCloseable> T add(T resource) {
    resources.push(resource);
    return resource;
  }

  /** Creates a database that is dropped at the end. */
  String database(Postgres postgres, String name) {
    postgres.createDatabase(name);
    add(() -> postgres.dropDatabase(name));
    return name;
  }

  /** Creates a temporary directory that is deleted at the end. */
  Path temporaryDirectory(String prefix) throws IOException {
    Path directory = Files.createTempDirectory(prefix);
    add(() -> deleteRecursively(directory));
    return directory;
  }

  @Override
  public void close() {
    release();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down; the hook has nothing left to do.
    }
  }

  private synchronized void release() {
    if (released) {
      return;
    }
    released = true;
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        System.err.println("Cleanup step failed: " + e);
      }
    }
    // A child process still running (an interrupted pgbench, say) is stopped by its own pid.
    ProcessHandle.current()
        .children()
        .filter(ProcessHandle::isAlive)
        .forEach(
            child -> {
              System.err.println("Stopping child process " + child.pid());
              child.destroy();
            });
  }

  private static void deleteRecursively(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
