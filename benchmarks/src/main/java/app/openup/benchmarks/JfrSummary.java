package app.openup.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A Java Flight Recorder profile of a service under load, summarised: where its CPU samples are
 * (the top frame's library, the hottest methods, and the first frame of our own code on the stack),
 * how much it allocated, and how long the collector paused it. Recordings are started and stopped
 * with {@code jcmd} on the running service (the {@code profile} settings).
 */
final class JfrSummary {

  private JfrSummary() {}

  /** Starts a recording on a running JVM. */
  static void start(long pid, String name) throws IOException, InterruptedException {
    jcmd(pid, "JFR.start", "name=" + name, "settings=profile");
  }

  /** Stops it and writes it to {@code file}. */
  static void stop(long pid, String name, Path file) throws IOException, InterruptedException {
    jcmd(pid, "JFR.stop", "name=" + name, "filename=" + file.toAbsolutePath());
  }

  private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
    List<String> line =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid)));
    line.addAll(List.of(command));
    Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
    String output = new String(jcmd.getInputStream().readAllBytes());
    if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + String.join(" ", command) + ": " + output);
    }
  }

  /** The summary as Markdown: a few lines and three short tables. */
  static String summarise(String service, Path file, Duration recorded) throws IOException {
    Map<String, Integer> byLibrary = new HashMap<>();
    Map<String, Integer> byMethod = new HashMap<>();
    Map<String, Integer> byOwnCode = new HashMap<>();
    int samples = 0;
    long allocated = 0;
    Duration paused = Duration.ZERO;
    int collections = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
      String type = event.getEventType().getName();
      switch (type) {
        case "jdk.ExecutionSample":
          RecordedStackTrace stack = event.getStackTrace();
          if (stack == null || stack.getFrames().isEmpty()) {
            break;
          }
          samples++;
          RecordedFrame top = stack.getFrames().get(0);
          String topClass = top.getMethod().getType().getName();
          byLibrary.merge(library(topClass), 1, Integer::sum);
          byMethod.merge(shortName(top), 1, Integer::sum);
          for (RecordedFrame frame : stack.getFrames()) {
            if (frame.getMethod().getType().getName().startsWith("app.openup.")) {
              byOwnCode.merge(shortName(frame), 1, Integer::sum);
              break;
            }
          }
          break;
        case "jdk.ObjectAllocationSample":
          allocated += event.getLong("weight");
          break;
        case "jdk.GarbageCollection":
          collections++;
          paused = paused.plus(event.getDuration("sumOfPauses"));
          break;
        default:
          break;
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%n**%s**: %,d CPU samples in %d s; about %,.0f MB/s allocated; %d collections,"
                + " %d ms paused in all.%n%n",
            service,
            samples,
            recorded.toSeconds(),
            allocated / 1e6 / Math.max(1, recorded.toSeconds()),
            collections,
            paused.toMillis()));
    table(out, "top frame's library", byLibrary, samples, 8);
    table(out, "hottest methods (top frame)", byMethod, samples, 10);
    table(out, "first frame of Open Up's code on the stack", byOwnCode, samples, 10);
    return out.toString();
  }

  private static void table(
      StringBuilder out, String title, Map<String, Integer> counts, int samples, int rows) {
    out.append("| ").append(title).append(" | share of samples |\n| --- | ---: |\n");
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(rows)
        .forEach(
            e ->
                out.append(
                    String.format(
                        "| `%s` | %.1f%% |%n", e.getKey(), 100.0 * e.getValue() / samples)));
    out.append('\n');
  }

  private static String shortName(RecordedFrame frame) {
    String type = frame.getMethod().getType().getName();
    return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
  }

  /** A class's library: its package's first segments (three for the big namespaces). */
  static String library(String className) {
    String[] parts = className.split("\\.");
    int keep =
        className.startsWith("io.")
                || className.startsWith("org.")
                || className.startsWith("com.")
                || className.startsWith("app.")
            ? 3
            : 2;
    keep = Math.min(keep, parts.length - 1);
    return String.join(".", java.util.Arrays.copyOf(parts, Math.max(1, keep)));
  }
}
