package app.openup.benchmarks;

import app.openup.localkafka.LocalKafka;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * needs-service's reads for a couple with 1,000 shared needs: the needs list (first page of 20) and
 * a need's detail, p50 and p99 over 1,000 requests each through HTTP, for each packaged
 * needs-service jar given (label=path), one after the other on the same machine, broker and server.
 * Run it on the jar before a change and after it to compare: {@code -Dbench.needsJars=
 * before=/path/to/old/quarkus-run.jar,after=needs-service/target/quarkus-app/quarkus-run.jar}.
 */
public final class NeedsReadBenchmark {

  private static final int NEEDS = Integer.getInteger("bench.needs", 1000);
  private static final int READS = Integer.getInteger("bench.reads", 1000);
  private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
  private static final Pattern CODE = Pattern.compile("\"code\":\"([^\"]+)\"");

  private NeedsReadBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, Path> jars = new LinkedHashMap<>();
    for (String entry : System.getProperty("bench.needsJars", "").split(",")) {
      if (!entry.isBlank()) {
        String[] parts = entry.split("=", 2);
        jars.put(parts[0], Path.of(parts[1]));
      }
    }
    if (jars.isEmpty()) {
      throw new IllegalArgumentException("Give -Dbench.needsJars=label=path/quarkus-run.jar,...");
    }
    Postgres postgres = Postgres.fromEnvironment();
    Path dir = Files.createTempDirectory("openup-needs-bench-");
    ServiceProcess.Keys keys = new ServiceProcess.Keys(dir);
    StringBuilder report = new StringBuilder();
    report.append(
        "| needs-service | list p50 ms | list p99 ms | detail p50 ms | detail p99 ms |\n");
    report.append("|---|---:|---:|---:|---:|\n");
    try (LocalKafka kafka = LocalKafka.startEphemeral()) {
      for (Map.Entry<String, Path> jar : jars.entrySet()) {
        String db = "openup_bench_needs_" + Long.toHexString(System.nanoTime());
        String keysDb = db + "_keys";
        postgres.createDatabase(db);
        postgres.createDatabase(keysDb);
        try (ServiceProcess service =
            ServiceProcess.start(
                "NEEDS_SERVICE",
                jar.getValue(),
                Map.of("OPENUP_NEEDS_DB", db, "OPENUP_NEEDS_KEYS_DB", keysDb),
                postgres,
                kafka.bootstrapServers(),
                keys,
                dir.resolve(jar.getKey() + ".log"))) {
          double[] figures = measure(service, keys);
          report.append(
              String.format(
                  "| %s | %.2f | %.2f | %.2f | %.2f |%n",
                  jar.getKey(), figures[0], figures[1], figures[2], figures[3]));
          System.out.printf(
              "%s: list p50 %.2f p99 %.2f ms; detail p50 %.2f p99 %.2f ms%n",
              jar.getKey(), figures[0], figures[1], figures[2], figures[3]);
        } finally {
          postgres.dropDatabase(db);
          postgres.dropDatabase(keysDb);
        }
      }
    }
    System.out.println();
    System.out.println(
        "needs-service reads, a couple with " + NEEDS + " shared needs, " + READS + " of each:");
    System.out.print(report);
  }

  private static double[] measure(ServiceProcess service, ServiceProcess.Keys keys)
      throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    service.awaitReady(http, Duration.ofSeconds(120));
    String base = service.api();
    String alex = keys.token(UUID.randomUUID());
    String sam = keys.token(UUID.randomUUID());
    String formed = ServiceProcess.send(http, "POST", base + "/couples", alex, null, null).body();
    String couple = match(ID, formed);
    ServiceProcess.send(
        http,
        "POST",
        base + "/couples/join",
        sam,
        "{\"code\":\"" + match(CODE, formed) + "\"}",
        null);
    List<String> needs = new ArrayList<>();
    String token = null;
    for (int i = 0; i < NEEDS; i++) {
      String drafted =
          ServiceProcess.send(
                  http,
                  "POST",
                  base + "/couples/" + couple + "/needs",
                  alex,
                  "{\"topic\":\"FINANCES\",\"meaning\":\"need " + i + "\"}",
                  null)
              .body();
      String need = match(ID, drafted);
      HttpResponse<String> shared =
          ServiceProcess.send(
              http,
              "POST",
              base + "/couples/" + couple + "/needs/" + need + "/share",
              alex,
              "{\"why\":\"because " + i + "\"}",
              null);
      token = shared.headers().firstValue("Consistency-Token").orElse(null);
      needs.add(need);
    }
    // The read model has everything before the clock starts.
    ServiceProcess.send(http, "GET", base + "/couples/" + couple + "/needs", sam, null, token);
    for (int i = 0; i < 200; i++) {
      ServiceProcess.send(
          http, "GET", base + "/couples/" + couple + "/needs?limit=20", sam, null, null);
      ServiceProcess.send(
          http,
          "GET",
          base + "/couples/" + couple + "/needs/" + needs.get(i % needs.size()),
          sam,
          null,
          null);
    }
    long[] list = new long[READS];
    long[] detail = new long[READS];
    for (int i = 0; i < READS; i++) {
      long began = System.nanoTime();
      ServiceProcess.send(
          http, "GET", base + "/couples/" + couple + "/needs?limit=20", sam, null, null);
      list[i] = System.nanoTime() - began;
      began = System.nanoTime();
      ServiceProcess.send(
          http,
          "GET",
          base + "/couples/" + couple + "/needs/" + needs.get((i * 7919) % needs.size()),
          sam,
          null,
          null);
      detail[i] = System.nanoTime() - began;
    }
    return new double[] {
      ServiceProcess.ms(list, 0.50),
      ServiceProcess.ms(list, 0.99),
      ServiceProcess.ms(detail, 0.50),
      ServiceProcess.ms(detail, 0.99)
    };
  }

  private static String match(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    if (!matcher.find()) {
      throw new IllegalStateException("Not found in " + text);
    }
    return matcher.group(1);
  }
}
