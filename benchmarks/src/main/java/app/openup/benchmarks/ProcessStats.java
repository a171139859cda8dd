package app.openup.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Resident memory and CPU of processes over a phase, read from Linux's {@code /proc}: each
 * process's RSS every second (mean and peak), its CPU time at the start and the end (cores used),
 * and the whole machine's busy share (from {@code /proc/stat}), which shows when the machine, not a
 * process, is the limit. PostgreSQL counts as all processes named {@code postgres}.
 */
final class ProcessStats implements AutoCloseable {

  /** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
  private static final double TICKS = 100.0;

  /** The kinds of a JVM's threads, by their names: where a service's CPU went. */
  static final List<String> THREAD_KINDS = List.of("JIT", "GC", "event loops", "other");

  /**
   * @param cores CPU time used over the phase / its wall time (1.0: one core all the time)
   * @param threads of {@code cores}, each {@link #THREAD_KINDS kind} of thread's share (empty for
   *     PostgreSQL and the machine)
   */
  record Usage(
      String name, double cores, double rssMeanMb, double rssPeakMb, Map<String, Double> threads) {}

  private final Map<String, Long> pids;
  private final Map<String, long[]> rss = new ConcurrentHashMap<>();
  private final Map<String, Long> cpuAtStart = new LinkedHashMap<>();
  private final Map<String, Map<String, Long>> threadsAtStart = new LinkedHashMap<>();
  private final long[] machineAtStart;
  private final long startedAt = System.nanoTime();
  private final ScheduledExecutorService sampler;

  /** Starts sampling these processes (by name), and PostgreSQL's. */
  ProcessStats(Map<String, Long> pids) {
    this.pids = new LinkedHashMap<>(pids);
    this.pids.forEach(
        (name, pid) -> {
          cpuAtStart.put(name, cpuTicks(Set.of(pid)));
          threadsAtStart.put(name, threadTicks(pid));
        });
    cpuAtStart.put("postgres", cpuTicks(postgresPids()));
    machineAtStart = machineTicks();
    sampler =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "rss-sampler");
              thread.setDaemon(true);
              return thread;
            });
    sampler.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
  }

  private void sample() {
    pids.forEach(
        (name, pid) -> {
          long kb = rssKb(pid);
          rss.compute(
              name,
              (k, v) ->
                  v == null
                      ? new long[] {kb, kb, 1}
                      : new long[] {v[0] + kb, Math.max(v[1], kb), v[2] + 1});
        });
  }

  /** Each process's use and PostgreSQL's (no RSS), then the machine's busy share as "machine". */
  List<Usage> stop() {
    sampler.shutdownNow();
    double seconds = (System.nanoTime() - startedAt) / 1e9;
    List<Usage> usage = new ArrayList<>();
    pids.forEach(
        (name, pid) -> {
          long[] r = rss.getOrDefault(name, new long[] {0, 0, 1});
          double cores = (cpuTicks(Set.of(pid)) - cpuAtStart.get(name)) / TICKS / seconds;
          Map<String, Long> before = threadsAtStart.get(name);
          Map<String, Double> threads = new LinkedHashMap<>();
          threadTicks(pid)
              .forEach(
                  (kind, ticks) ->
                      threads.put(kind, (ticks - before.getOrDefault(kind, 0L)) / TICKS / seconds));
          usage.add(new Usage(name, cores, r[0] / (double) r[2] / 1024, r[1] / 1024.0, threads));
        });
    usage.add(
        new Usage(
            "postgres",
            (cpuTicks(postgresPids()) - cpuAtStart.get("postgres")) / TICKS / seconds,
            Double.NaN,
            Double.NaN,
            Map.of()));
    long[] machine = machineTicks();
    double busy =
        (double) (machine[0] - machineAtStart[0] - (machine[1] - machineAtStart[1]))
            / (machine[0] - machineAtStart[0]);
    usage.add(
        new Usage(
            "machine",
            busy * Runtime.getRuntime().availableProcessors(),
            Double.NaN,
            Double.NaN,
            Map.of()));
    return usage;
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }

  /** A process's resident set in kB (0 if it is gone). */
  static long rssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
      return 0;
    } catch (IOException gone) {
      return 0;
    }
  }

  /**
   * A process's threads' CPU ticks by {@link #THREAD_KINDS kind} (threads that ended meanwhile are
   * not counted; a JVM's named threads live as long as it does). HotSpot names its compiler threads
   * "C1/C2 CompilerThread", its collector's "GC Thread", "G1 ..." and "VM Thread" (which runs the
   * serial collector); Vert.x its event loops "vert.x-eventloop-thread-n".
   */
  static Map<String, Long> threadTicks(long pid) {
    Map<String, Long> ticks = new LinkedHashMap<>();
    THREAD_KINDS.forEach(kind -> ticks.put(kind, 0L));
    try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
      tasks.forEach(
          task -> {
            try {
              String stat = Files.readString(task.resolve("stat"));
              String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
              String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
              ticks.merge(
                  kindOf(name), Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
            } catch (IOException | RuntimeException gone) {
              // the thread ended between listing and reading
            }
          });
    } catch (IOException gone) {
      // the process ended
    }
    return ticks;
  }

  static String kindOf(String threadName) {
    if (threadName.startsWith("C1 Compiler") || threadName.startsWith("C2 Compiler")) {
      return "JIT";
    }
    if (threadName.startsWith("GC Thread")
        || threadName.startsWith("G1 ")
        || threadName.equals("VM Thread")) {
      return "GC";
    }
    return threadName.startsWith("vert.x-eventloo") ? "event loops" : "other";
  }

  /** User and system CPU ticks of these processes (those still running). */
  private static long cpuTicks(Set<Long> processes) {
    long total = 0;
    for (long pid : processes) {
      try {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        // Fields after the command name (which may hold spaces) in parentheses.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        total += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      } catch (IOException | RuntimeException gone) {
        // ended between listing and reading
      }
    }
    return total;
  }

  private static Set<Long> postgresPids() {
    Set<Long> found = ConcurrentHashMap.newKeySet();
    try (Stream<Path> all = Files.list(Path.of("/proc"))) {
      all.filter(p -> p.getFileName().toString().matches("[0-9]+"))
          .forEach(
              p -> {
                try {
                  if (Files.readString(p.resolve("comm")).trim().equals("postgres")) {
                    found.add(Long.parseLong(p.getFileName().toString()));
                  }
                } catch (IOException gone) {
                  // ended meanwhile
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  /** The machine's total and idle (idle + iowait) ticks. */
  private static long[] machineTicks() {
    try {
      String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < cpu.length; i++) {
        total += Long.parseLong(cpu[i]);
      }
      return new long[] {total, Long.parseLong(cpu[4]) + Long.parseLong(cpu[5])};
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
