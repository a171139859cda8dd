package app.openup.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * PostgreSQL's own pgbench, inserting one row per transaction into a table of its own database: the
 * rate of durable one-row commits this server can do, the yardstick for our appends.
 */
final class Pgbench {

  private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");

  private final Postgres postgres;
  private final String database;
  private final Path workDir;
  private final Path script;

  /** Creates the table and the one-row insert script, inserting {@code payloadJson}. */
  Pgbench(Postgres postgres, String database, String payloadJson, Path workDir) {
    this.postgres = postgres;
    this.database = database;
    this.workDir = workDir;
    postgres.execute(
        database,
        "create table bench_insert ("
            + " id bigint generated always as identity primary key,"
            + " payload json not null)");
    script = workDir.resolve("insert.sql");
    write(
        script,
        "insert into bench_insert (payload) values ('" + payloadJson.replace("'", "''") + "');\n");
  }

  /** Runs {@code pgbench -c clients -j clients -T seconds} and reads its rate and latencies. */
  Measurement run(int clients, Duration duration) throws IOException, InterruptedException {
    Path logs = Files.createDirectories(workDir.resolve("log-" + clients));
    Path output = workDir.resolve("pgbench-" + clients + ".out");
    List<String> command =
        List.of(
            "pgbench",
            "-n",
            "-c",
            String.valueOf(clients),
            "-j",
            String.valueOf(clients),
            "-T",
            String.valueOf(duration.toSeconds()),
            "-f",
            script.toString(),
            "-l",
            "--log-prefix=" + logs.resolve("tx"),
            "-h",
            postgres.host(),
            "-p",
            String.valueOf(postgres.port()),
            "-U",
            postgres.user(),
            database);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    if (!postgres.password().isEmpty()) {
      builder.environment().put("PGPASSWORD", postgres.password());
    }
    Process pgbench = builder.start();
    try {
      if (!pgbench.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("pgbench did not finish; see " + output);
      }
    } finally {
      if (pgbench.isAlive()) {
        pgbench.destroy();
        pgbench.waitFor(10, TimeUnit.SECONDS);
      }
    }
    String report = Files.readString(output);
    Matcher tps = TPS.matcher(report);
    if (pgbench.exitValue() != 0 || !tps.find()) {
      throw new IllegalStateException("pgbench failed (" + pgbench.exitValue() + "):\n" + report);
    }
    return Measurement.of(transactionLatencies(logs), Double.parseDouble(tps.group(1)));
  }

  /** Each line of pgbench's transaction log has the transaction's latency in microseconds third. */
  private static Latencies transactionLatencies(Path logs) throws IOException {
    Latencies latencies = new Latencies();
    List<Path> files = new ArrayList<>();
    try (Stream<Path> listed = Files.list(logs)) {
      listed.forEach(files::add);
    }
    for (Path file : files) {
      try (Stream<String> lines = Files.lines(file)) {
        lines.forEach(line -> latencies.add(Long.parseLong(line.split(" ")[2]) * 1_000));
      }
    }
    return latencies;
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
