package app.openup.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One of Kafka's command-line tools run in a JVM of its own on this class path; its output. */
final class KafkaTool {

  private KafkaTool() {}

  /** Runs {@code org.apache.kafka.tools.<tool>} with the arguments; answers what it printed. */
  static String run(String tool, Path output, int minutes, String... arguments)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                "org.apache.kafka.tools." + tool));
    command.addAll(List.of(arguments));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try {
      if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
        throw new IllegalStateException(tool + " did not finish; see " + output);
      }
    } finally {
      if (process.isAlive()) {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
    return Files.readString(output);
  }
}
