package app.openup.testkit;

import app.openup.localkafka.LocalKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The whole platform on one machine: a real Kafka broker (from Maven Central jars), each service's
 * event store and key store on the local PostgreSQL, and the three services as separate processes
 * from their packaged jars. One launcher for two callers: {@code ./run.sh} (through {@link #main},
 * on the default ports, with its state in {@code .run}) and the system tests (free ports, fresh
 * databases dropped afterwards), which also kill, restart and add service processes and stop and
 * start the broker. {@link #close()} stops everything it started, services first.
 */
public final class LocalPlatform implements AutoCloseable {

  public static final List<String> SERVICES =
      List.of("needs-service", "session-service", "feedback-service");

  /** The environment prefix of each service's port variables and its database names. */
  private static final Map<String, String[]> NAMES =
      Map.of(
          "needs-service", new String[] {"NEEDS_SERVICE", "NEEDS", "openup_needs"},
          "session-service", new String[] {"SESSION_SERVICE", "SESSIONS", "openup_sessions"},
          "feedback-service", new String[] {"FEEDBACK_SERVICE", "FEEDBACK", "openup_feedback"});

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  /**
   * Each service's JVM options unless {@code OPENUP_JAVA_OPTIONS} says otherwise: a heap that
   * starts small and is bounded, one compiler tier (C1), the single-threaded collector and a
   * smaller code cache. Locally three services, the broker and the database share a laptop's cores,
   * and with both compiler tiers the compilers took half of each service's CPU in its first
   * minutes; with one, at the same load, the machine went from 2.00 to 1.51 cores and the platform
   * kept up at 20 and 30 commands/s (see benchmarks/README.md, "The platform", step 7). Kubernetes
   * pods, with cores of their own, keep the JVM's defaults (deploy/).
   */
  public static final String JVM_OPTIONS =
      "-Xms32m -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m";

  /**
   * glibc's malloc arenas per service ({@code MALLOC_ARENA_MAX}): by default up to eight per core,
   * each thread that allocates natively (event loops, Kafka clients, the JIT) may take one, and
   * their free pages stay resident. Two keep a service's memory near what it uses (with {@code
   * -Xms32m}, whose heap then grows from 32 MB as it needs instead of starting at 256 MB: together
   * 57 to 68 MB less resident each under load, benchmarks/README.md, "The platform", step 11).
   */
  public static final String MALLOC_ARENAS = "2";

  /**
   * Where and how to run.
   *
   * @param repository the checkout (the services' jars are under {@code <service>/target})
   * @param state the local state: Kafka's log, token keys, the vault's master key, logs
   * @param ports each service's API and management ports, and Kafka's (0: a free one)
   * @param databases each service's event-store and key-store database names
   * @param freshDatabases drop and create the databases (else create those absent)
   * @param dropDatabasesOnClose drop them on {@link #close()} (the tests' fresh ones)
   */
  public record Settings(
      Path repository,
      Path state,
      Map<String, int[]> ports,
      int kafkaPort,
      Map<String, String[]> databases,
      boolean freshDatabases,
      boolean dropDatabasesOnClose) {

    /** The local run: default ports (or the environment's), the databases of {@code run.sh}. */
    public static Settings localRun(Path repository, boolean freshDatabases) {
      Map<String, int[]> ports = new LinkedHashMap<>();
      Map<String, String[]> databases = new LinkedHashMap<>();
      int i = 1;
      for (String service : SERVICES) {
        String[] names = NAMES.get(service);
        ports.put(
            service,
            new int[] {
              intEnv(names[0] + "_PORT", 8080 + i), intEnv(names[0] + "_MANAGEMENT_PORT", 9080 + i)
            });
        databases.put(service, new String[] {names[2], names[2] + "_keys"});
        i++;
      }
      return new Settings(
          repository,
          repository.resolve(".run"),
          ports,
          intEnv("KAFKA_PORT", 9092),
          databases,
          freshDatabases,
          false);
    }

    /** The system tests: free ports, databases of their own, everything gone on close. */
    public static Settings isolated(Path repository, Path state) {
      Map<String, int[]> ports = new LinkedHashMap<>();
      Map<String, String[]> databases = new LinkedHashMap<>();
      String run = Long.toHexString(new SecureRandom().nextLong() & 0xffffffffL);
      for (String service : SERVICES) {
        String[] names = NAMES.get(service);
        ports.put(service, new int[] {freePort(), freePort()});
        String base = "openup_system_" + names[1].toLowerCase(Locale.ROOT) + "_" + run;
        databases.put(service, new String[] {base, base + "_keys"});
      }
      return new Settings(repository, state, ports, 0, databases, true, true);
    }
  }

  /** A running service process: its ports and how to stop it. */
  public record Service(String name, Process process, int port, int managementPort) {

    public String url() {
      return "http://127.0.0.1:" + port;
    }

    public String managementUrl() {
      return "http://127.0.0.1:" + managementPort;
    }
  }

  private final Settings settings;
  private final Path logs;
  private final PartnerTokens tokens;
  private final Map<String, String> environment = new LinkedHashMap<>();
  private final Map<String, List<Service>> running = new LinkedHashMap<>();
  private final ClassArchives archives = new ClassArchives();
  private final Map<Service, ClassArchives.Use> archiveUses = new HashMap<>();
  private LocalKafka kafka;
  private int kafkaPort;
  private int replicas;

  private LocalPlatform(Settings settings) {
    this.settings = settings;
    this.logs = settings.state().resolve("logs");
    this.tokens = new PartnerTokens(JwtKeys.loadOrCreate(settings.state().resolve("jwt")));
  }

  /** Starts the databases, the broker and the three services; returns once each is ready. */
  public static LocalPlatform start(Settings settings) {
    LocalPlatform platform = new LocalPlatform(settings);
    try {
      platform.begin();
      return platform;
    } catch (RuntimeException e) {
      platform.close();
      throw e;
    }
  }

  private void begin() {
    try {
      Files.createDirectories(logs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> names = new ArrayList<>();
    settings.databases().values().forEach(pair -> names.addAll(List.of(pair)));
    TestDatabase.ensure(names, settings.freshDatabases());
    startKafka();
    environment.put("OPENUP_VAULT_MASTER_KEY", masterKey());
    environment.put(
        "OPENUP_JWT_PUBLIC_KEY_LOCATION",
        settings.state().resolve("jwt").resolve("public-key.pem").toString());
    environment.put("OPENUP_JWT_ISSUER", JwtKeys.ISSUER);
    environment.put("OPENUP_DB_HOST", env("PGHOST", "127.0.0.1"));
    environment.put("OPENUP_DB_PORT", env("PGPORT", "5432"));
    environment.put("OPENUP_DB_USER", env("PGUSER", "postgres"));
    environment.put("OPENUP_DB_PASSWORD", env("PGPASSWORD", ""));
    // The couple's page is served over plain http here: its sign-in cookie cannot be Secure.
    environment.put("OPENUP_PAGE_SECURE_COOKIE", "false");
    for (String service : SERVICES) {
      int[] ports = settings.ports().get(service);
      start(service, ports[0], ports[1]);
    }
    for (String service : SERVICES) {
      awaitReady(running.get(service).get(0));
    }
  }

  public Settings settings() {
    return settings;
  }

  // ---- the broker

  public String bootstrapServers() {
    return "127.0.0.1:" + kafkaPort;
  }

  /** Starts the broker (again, on the same port and log, after {@link #stopKafka()}). */
  public synchronized void startKafka() {
    kafka =
        LocalKafka.start(
            kafkaPort == 0 ? settings.kafkaPort() : kafkaPort,
            settings.state().resolve("kafka"),
            settings.dropDatabasesOnClose());
    kafkaPort = Integer.parseInt(kafka.bootstrapServers().replaceAll(".*:", ""));
    environment.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
  }

  /** Stops the broker, keeping its log: the services keep running without it. */
  public synchronized void stopKafka() {
    if (kafka != null) {
      kafka.stopKeepingData();
      kafka = null;
    }
  }

  public long kafkaPid() {
    return kafka == null ? -1 : kafka.pid();
  }

  // ---- the services

  /** The first running process of a service. */
  public synchronized Service service(String name) {
    List<Service> processes = running.getOrDefault(name, List.of());
    if (processes.isEmpty()) {
      throw new IllegalStateException(name + " is not running");
    }
    return processes.get(0);
  }

  public synchronized List<Service> processes(String name) {
    return List.copyOf(running.getOrDefault(name, List.of()));
  }

  /** A partner's token, signed by the key the services trust. */
  public String token(UUID partner) {
    return tokens.forPartner(partner, Duration.ofHours(12));
  }

  public PartnerTokens tokens() {
    return tokens;
  }

  /** Starts one more process of a service on free ports, on the same database; once ready. */
  public Service addReplica(String name) {
    Service replica = start(name, freePort(), freePort());
    awaitReady(replica);
    return replica;
  }

  /** Kills a process at once (SIGKILL): no shutdown hook, no goodbye to the broker or database. */
  public void kill(Service service) {
    service.process().destroyForcibly();
    try {
      service.process().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ended(service, false);
  }

  /** Stops a process as Kubernetes would (SIGTERM, its shutdown runs), waiting up to 30 s. */
  public void stop(Service service) {
    ended(service, stopGracefully(service));
  }

  /** SIGTERM and a wait; SIGKILL if the wait runs out. Whether it ended by itself. */
  private static boolean stopGracefully(Service service) {
    service.process().destroy();
    try {
      if (service.process().waitFor(30, TimeUnit.SECONDS)) {
        return true;
      }
      service.process().destroyForcibly().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  private synchronized void ended(Service service, boolean cleanly) {
    running.get(service.name()).remove(service);
    ClassArchives.Use archive = archiveUses.remove(service);
    if (archive != null) {
      archives.ended(archive, cleanly);
    }
  }

  /** Starts a killed process again on its own ports; once ready. */
  public Service restart(Service service) {
    Service again = start(service.name(), service.port(), service.managementPort());
    awaitReady(again);
    return again;
  }

  private synchronized Service start(String name, int port, int managementPort) {
    String[] names = NAMES.get(name);
    String[] databases = settings.databases().get(name);
    Map<String, String> env = new LinkedHashMap<>(environment);
    env.put(names[0] + "_PORT", String.valueOf(port));
    env.put(names[0] + "_MANAGEMENT_PORT", String.valueOf(managementPort));
    env.put("OPENUP_" + names[1] + "_DB", databases[0]);
    env.put("OPENUP_" + names[1] + "_KEYS_DB", databases[1]);
    Path jar =
        settings
            .repository()
            .resolve(name)
            .resolve("target")
            .resolve("quarkus-app")
            .resolve("quarkus-run.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build first (./mvnw install -DskipTests)");
    }
    String log =
        running.containsKey(name) && !running.get(name).isEmpty()
            ? name + "-" + (++replicas) + ".log"
            : name + ".log";
    ClassArchives.Use archive = archives.use(jar);
    ProcessBuilder builder =
        process(jar, archive.jvmOptions())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(log).toFile()));
    builder.environment().putAll(env);
    try {
      Service service = new Service(name, builder.start(), port, managementPort);
      running.computeIfAbsent(name, k -> new ArrayList<>()).add(service);
      archiveUses.put(service, archive);
      return service;
    } catch (IOException e) {
      archives.ended(archive, false);
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A service's process: {@code java}, the JVM options ({@code OPENUP_JAVA_OPTIONS}, else {@link
   * #JVM_OPTIONS}), {@code -jar} and the jar, in an environment with at most {@link #MALLOC_ARENAS}
   * malloc arenas unless the caller's says otherwise (the benchmarks start their floor with it
   * too).
   */
  public static ProcessBuilder process(Path jar) {
    return process(jar, List.of());
  }

  private static ProcessBuilder process(Path jar, List<String> moreOptions) {
    ProcessBuilder builder = new ProcessBuilder(command(jar, moreOptions));
    builder.environment().putIfAbsent("MALLOC_ARENA_MAX", MALLOC_ARENAS);
    return builder;
  }

  private static List<String> command(Path jar, List<String> moreOptions) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String option : env("OPENUP_JAVA_OPTIONS", JVM_OPTIONS).trim().split("\\s+")) {
      if (!option.isEmpty()) {
        command.add(option);
      }
    }
    command.addAll(moreOptions);
    command.add("-jar");
    command.add(jar.toString());
    return command;
  }

  private void awaitReady(Service service) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create(service.managementUrl() + "/q/health/ready"))
            .timeout(Duration.ofSeconds(5))
            .build();
    try {
      Awaitility.await(service.name() + " ready")
          .atMost(READY_TIMEOUT)
          .pollInterval(Duration.ofMillis(50))
          .failFast(
              service.name() + " stopped; see " + logs.resolve(service.name() + ".log"),
              () -> !service.process().isAlive())
          .until(
              () -> {
                try {
                  return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode()
                      == 200;
                } catch (IOException notListeningYet) {
                  return false;
                }
              });
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(
          service.name() + " not ready after " + READY_TIMEOUT.toSeconds() + " s; see " + logs, e);
    }
  }

  /** Stops every service process (SIGTERM, then waits), then the broker; drops test databases. */
  @Override
  public synchronized void close() {
    List<Service> all = new ArrayList<>();
    running.values().forEach(all::addAll);
    for (Service service : all) {
      service.process().destroy();
    }
    for (Service service : all) {
      ended(service, stopGracefully(service));
    }
    running.clear();
    if (kafka != null) {
      kafka.close();
      kafka = null;
    }
    if (settings.dropDatabasesOnClose()) {
      List<String> names = new ArrayList<>();
      settings.databases().values().forEach(pair -> names.addAll(List.of(pair)));
      TestDatabase.drop(names);
    }
  }

  // ---- the vault's master key of this state folder: made once, never in git

  private String masterKey() {
    Path file = settings.state().resolve("vault-master-key");
    try {
      if (!Files.exists(file) || Files.size(file) == 0) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      }
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- the local run

  /**
   * {@code ./run.sh}: starts the platform from the checkout in the working directory, prints where
   * everything is and a token and sign-in link per demo partner, and runs until stopped (SIGTERM or
   * Ctrl-C stop everything it started). Argument {@code --fresh}: make the databases anew.
   */
  public static void main(String[] args) throws InterruptedException {
    boolean fresh = args.length > 0 && args[0].equals("--fresh");
    Path repository = Path.of("").toAbsolutePath();
    LocalPlatform platform = start(Settings.localRun(repository, fresh));
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean stopping = new AtomicBoolean();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopping.set(true);
                  platform.close();
                  stopped.countDown();
                }));
    System.out.println(platform.banner());
    System.out.flush();
    // Runs until a service or the broker ends on its own (then says so) or the run is stopped
    // (then the processes end because the shutdown hook stops them: nothing to say).
    platform.anyExit().join();
    if (stopping.get()) {
      stopped.await();
      return;
    }
    System.err.println("[run] a process ended on its own; see .run/logs");
    System.exit(1);
  }

  /** Completes when any process of the platform (a service or the broker) has ended. */
  private synchronized java.util.concurrent.CompletableFuture<Object> anyExit() {
    List<java.util.concurrent.CompletableFuture<?>> exits = new ArrayList<>();
    running.values().forEach(list -> list.forEach(s -> exits.add(s.process().onExit())));
    ProcessHandle.of(kafka.pid()).ifPresent(broker -> exits.add(broker.onExit()));
    return java.util.concurrent.CompletableFuture.anyOf(
        exits.toArray(java.util.concurrent.CompletableFuture[]::new));
  }

  static final UUID ALEX = UUID.fromString("a1e00000-0000-4000-8000-00000000a1e0");
  static final UUID SAM = UUID.fromString("5a300000-0000-4000-8000-000000005a30");

  private String banner() {
    Service needs = service("needs-service");
    Service sessions = service("session-service");
    Service feedback = service("feedback-service");
    String alex = token(ALEX);
    String sam = token(SAM);
    StringBuilder text = new StringBuilder();
    text.append("\nOpen Up is running. Ctrl-C stops it all.\n\n");
    text.append(
        String.format(
            "  %-18s %-34s %-38s %s%n",
            "service", "API", "OpenAPI", "health, metrics (management port)"));
    for (Service s : List.of(needs, sessions, feedback)) {
      text.append(
          String.format(
              "  %-18s %-34s %-38s %s%n",
              s.name(),
              s.url() + "/api/v1",
              s.url() + "/q/openapi",
              s.managementUrl() + "/q/health  /q/metrics"));
    }
    text.append(String.format("  %-18s %s%n", "Kafka", bootstrapServers()));
    List<String> names = new ArrayList<>();
    settings.databases().values().forEach(pair -> names.addAll(List.of(pair)));
    text.append(
        String.format(
            "  %-18s %s:%s (databases %s)%n%n",
            "PostgreSQL",
            env("PGHOST", "127.0.0.1"),
            env("PGPORT", "5432"),
            String.join(" ", names)));
    text.append("Demo partner tokens (valid 12 hours):\n");
    text.append("  Alex (" + ALEX + "):\n    export ALEX=" + alex + "\n");
    text.append("  Sam  (" + SAM + "):\n    export SAM=" + sam + "\n\n");
    text.append(
        "The couple's page (feedback-service), signed in as each demo partner (the token stays in"
            + " the\nlink's fragment, which the browser does not send; the page keeps it in an"
            + " HttpOnly cookie):\n");
    text.append("  Alex: " + feedback.url() + "/couple/sign-in#token=" + alex + "\n");
    text.append("  Sam:  " + feedback.url() + "/couple/sign-in#token=" + sam + "\n\n");
    String day = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1).toString();
    text.append("Try (after the two exports above):\n");
    text.append(
        "  curl -s -X POST -H \"Authorization: Bearer $ALEX\" "
            + needs.url()
            + "/api/v1/couples\n");
    text.append(
        "  curl -s -H \"Authorization: Bearer $SAM\" -H 'Content-Type: application/json' \\\n"
            + "       -d '{\"code\":\"<invitation code>\"}' "
            + needs.url()
            + "/api/v1/couples/join\n");
    text.append(
        "  # session-service learns the couple from needs.events; the join's Consistency-Token"
            + " lets it wait\n");
    text.append(
        "  curl -s -H \"Authorization: Bearer $ALEX\" -H 'Content-Type: application/json' -H"
            + " 'Consistency-Token: <token>' \\\n"
            + "       -d '{\"startsAt\":\""
            + day
            + "T19:00:00Z\",\"endsAt\":\""
            + day
            + "T20:00:00Z\",\"place\":\"home\"}' \\\n"
            + "       "
            + sessions.url()
            + "/api/v1/couples/<couple id>/sessions\n");
    return text.toString();
  }

  // ---- helpers

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int intEnv(String name, int fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null ? fallback : value;
  }
}
