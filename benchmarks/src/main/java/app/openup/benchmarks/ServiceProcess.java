package app.openup.benchmarks;

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
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A packaged service started as a child process on free ports, as the local run starts it, and what
 * the benchmarks need to call it: partner tokens signed by a key pair of the run, HTTP with them,
 * readiness, percentiles.
 */
final class ServiceProcess implements AutoCloseable {

  /**
   * The services' JVM options ({@code bench.serviceJavaOptions}); to log their collections, add
   * e.g. {@code -Xlog:gc:file=target/service-gc.log:time,uptime}.
   */
  private static final String JAVA_OPTIONS =
      System.getProperty("bench.serviceJavaOptions", "-Xmx256m");

  /** What every service of a benchmark run shares: the token key pair and the vault master key. */
  static final class Keys {
    final KeyPair tokens;
    final Path publicKey;
    final String vaultMasterKey;

    Keys(Path dir) throws IOException, NoSuchAlgorithmException {
      tokens = KeyPairGenerator.getInstance("RSA").generateKeyPair();
      publicKey = dir.resolve("public-key.pem");
      Files.writeString(
          publicKey,
          "-----BEGIN PUBLIC KEY-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes())
                  .encodeToString(tokens.getPublic().getEncoded())
              + "\n-----END PUBLIC KEY-----\n");
      byte[] master = new byte[32];
      new SecureRandom().nextBytes(master);
      vaultMasterKey = Base64.getEncoder().encodeToString(master);
    }

    /** A partner's token (RS256), as an OIDC provider would issue it. */
    String token(UUID partner) {
      try {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        String header =
            b64.encodeToString(
                "{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
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
        signature.initSign(tokens.getPrivate());
        signature.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + b64.encodeToString(signature.sign());
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  final int port;
  final int management;
  private final Process process;
  private final String name;
  private final Path log;

  private ServiceProcess(String name, int port, int management, Process process, Path log) {
    this.name = name;
    this.port = port;
    this.management = management;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code jar} as the service {@code prefix} (NEEDS_SERVICE, FEEDBACK_SERVICE, ...) on free
   * ports, on the given databases and broker, with the run's keys; its log goes to {@code log}.
   */
  static ServiceProcess start(
      String prefix,
      Path jar,
      Map<String, String> databases,
      Postgres postgres,
      String bootstrapServers,
      Keys keys,
      Path log)
      throws IOException {
    int port = freePort();
    int management = freePort();
    Map<String, String> env = new HashMap<>(databases);
    env.put(prefix + "_PORT", Integer.toString(port));
    env.put(prefix + "_MANAGEMENT_PORT", Integer.toString(management));
    env.put("OPENUP_DB_HOST", postgres.host());
    env.put("OPENUP_DB_PORT", Integer.toString(postgres.port()));
    env.put("OPENUP_DB_USER", postgres.user());
    env.put("OPENUP_DB_PASSWORD", postgres.password());
    env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
    env.put("OPENUP_VAULT_MASTER_KEY", keys.vaultMasterKey);
    env.put("OPENUP_JWT_PUBLIC_KEY_LOCATION", keys.publicKey.toString());
    env.put("OPENUP_JWT_ISSUER", "https://auth.openup.test");
    List<String> command = new ArrayList<>(List.of("java"));
    Arrays.stream(JAVA_OPTIONS.trim().split("\\s+"))
        .filter(option -> !option.isEmpty())
        .forEach(command::add);
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return new ServiceProcess(prefix, port, management, builder.start(), log);
  }

  /** Waits until the service answers ready on its management port; the time it took. */
  Duration awaitReady(HttpClient http, Duration atMost) {
    long began = System.nanoTime();
    try {
      Awaitility.await()
          .atMost(atMost)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new IllegalStateException(name + " stopped; see " + log);
                }
                return ready(http);
              });
    } catch (ConditionTimeoutException late) {
      throw new IllegalStateException(name + " did not start in " + atMost + "; see " + log);
    }
    return Duration.ofNanos(System.nanoTime() - began);
  }

  private boolean ready(HttpClient http) {
    try {
      return http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + management + "/q/health/ready"))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  String api() {
    return "http://127.0.0.1:" + port + "/api/v1";
  }

  String managementUrl() {
    return "http://127.0.0.1:" + management;
  }

  long pid() {
    return process.pid();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }

  /** A request with a partner's token; refuses any answer that is not a success. */
  static HttpResponse<String> send(
      HttpClient http, String method, String url, String token, String body, String consistency)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
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

  /** The quantile of durations in nanoseconds, in milliseconds. */
  static double ms(long[] nanos, double quantile) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
  }

  static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }
}
