package app.openup.benchmarks;

import app.openup.localkafka.LocalKafka;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
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
    KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    Path publicKey = dir.resolve("public-key.pem");
    Files.writeString(
        publicKey,
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(keys.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n");
    byte[] master = new byte[32];
    new SecureRandom().nextBytes(master);
    StringBuilder report = new StringBuilder();
    report.append(
        "| needs-service | list p50 ms | list p99 ms | detail p50 ms | detail p99 ms |\n");
    report.append("|---|---:|---:|---:|---:|\n");
    try (LocalKafka kafka = LocalKafka.startEphemeral()) {
      for (Map.Entry<String, Path> jar : jars.entrySet()) {
        String suffix = Long.toHexString(System.nanoTime());
        String db = "openup_bench_needs_" + suffix;
        String keysDb = db + "_keys";
        postgres.createDatabase(db);
        postgres.createDatabase(keysDb);
        int port = freePort();
        int management = freePort();
        Map<String, String> env = new HashMap<>();
        env.put("NEEDS_SERVICE_PORT", Integer.toString(port));
        env.put("NEEDS_SERVICE_MANAGEMENT_PORT", Integer.toString(management));
        env.put("OPENUP_DB_HOST", postgres.host());
        env.put("OPENUP_DB_PORT", Integer.toString(postgres.port()));
        env.put("OPENUP_DB_USER", postgres.user());
        env.put("OPENUP_DB_PASSWORD", postgres.password());
        env.put("OPENUP_NEEDS_DB", db);
        env.put("OPENUP_NEEDS_KEYS_DB", keysDb);
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("OPENUP_VAULT_MASTER_KEY", Base64.getEncoder().encodeToString(master));
        env.put("OPENUP_JWT_PUBLIC_KEY_LOCATION", publicKey.toString());
        env.put("OPENUP_JWT_ISSUER", "https://auth.openup.test");
        ProcessBuilder builder =
            new ProcessBuilder("java", "-Xmx256m", "-jar", jar.getValue().toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(jar.getKey() + ".log").toFile());
        builder.environment().putAll(env);
        Process service = builder.start();
        try {
          double[] figures = measure(port, management, keys, service);
          report.append(
              String.format(
                  "| %s | %.2f | %.2f | %.2f | %.2f |%n",
                  jar.getKey(), figures[0], figures[1], figures[2], figures[3]));
          System.out.printf(
              "%s: list p50 %.2f p99 %.2f ms; detail p50 %.2f p99 %.2f ms%n",
              jar.getKey(), figures[0], figures[1], figures[2], figures[3]);
        } finally {
          service.destroy();
          service.waitFor();
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

  private static double[] measure(int port, int management, KeyPair keys, Process service)
      throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String base = "http://127.0.0.1:" + port + "/api/v1";
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!ready(http, port) && !ready(http, management)) {
      if (!service.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("needs-service did not start; see its log");
      }
      Thread.sleep(200);
    }
    String alex = token(keys, UUID.randomUUID());
    String sam = token(keys, UUID.randomUUID());
    String formed = send(http, "POST", base + "/couples", alex, null, null).body();
    String couple = match(ID, formed);
    send(
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
          send(
                  http,
                  "POST",
                  base + "/couples/" + couple + "/needs",
                  alex,
                  "{\"topic\":\"FINANCES\",\"meaning\":\"need " + i + "\"}",
                  null)
              .body();
      String need = match(ID, drafted);
      HttpResponse<String> shared =
          send(
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
    send(http, "GET", base + "/couples/" + couple + "/needs", sam, null, token);
    for (int i = 0; i < 200; i++) {
      send(http, "GET", base + "/couples/" + couple + "/needs?limit=20", sam, null, null);
      send(
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
      send(http, "GET", base + "/couples/" + couple + "/needs?limit=20", sam, null, null);
      list[i] = System.nanoTime() - began;
      began = System.nanoTime();
      send(
          http,
          "GET",
          base + "/couples/" + couple + "/needs/" + needs.get((i * 7919) % needs.size()),
          sam,
          null,
          null);
      detail[i] = System.nanoTime() - began;
    }
    return new double[] {ms(list, 0.50), ms(list, 0.99), ms(detail, 0.50), ms(detail, 0.99)};
  }

  private static boolean ready(HttpClient http, int port) {
    try {
      return http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static HttpResponse<String> send(
      HttpClient http, String method, String url, String token, String body, String consistency)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (consistency != null) {
      request.header("Consistency-Token", consistency);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(
          method + " " + url + ": " + response.statusCode() + " " + response.body());
    }
    return response;
  }

  private static String match(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    if (!matcher.find()) {
      throw new IllegalStateException("Not found in " + text);
    }
    return matcher.group(1);
  }

  /** A partner's token (RS256), as an OIDC provider would issue it. */
  private static String token(KeyPair keys, UUID partner) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    long now = Instant.now().getEpochSecond();
    String header =
        b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String claims =
        b64.encodeToString(
            ("{\"iss\":\"https://auth.openup.test\",\"aud\":\"openup\",\"sub\":\""
                    + partner
                    + "\",\"upn\":\""
                    + partner
                    + "\",\"groups\":[\"partner\"],\"iat\":"
                    + now
                    + ",\"exp\":"
                    + (now + 7200)
                    + "}")
                .getBytes(StandardCharsets.UTF_8));
    Signature signature = Signature.getInstance("SHA256withRSA");
    signature.initSign(keys.getPrivate());
    signature.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
    return header + "." + claims + "." + b64.encodeToString(signature.sign());
  }

  private static double ms(long[] nanos, double quantile) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }
}
