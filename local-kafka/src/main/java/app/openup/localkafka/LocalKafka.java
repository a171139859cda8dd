package app.openup.localkafka;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller) on loopback,
 * started from the Maven Central jars in a child JVM.
 *
 * <p>The broker's classpath comes from {@code broker.classpath}, written by the build, so none of
 * the broker's dependencies reach the JVM that starts it. The child watches its standard input: if
 * the JVM that started it dies without stopping it, the pipe closes and the broker shuts down, so
 * no broker outlives its owner.
 */
public final class LocalKafka implements AutoCloseable {

  private static final String CLASSPATH_RESOURCE = "broker.classpath";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  /**
   * The platform's topics and their partitions, made when the broker starts (and waited for until
   * each partition has its leader), as {@code deploy/kubernetes/base/kafka-topics.yaml} makes them
   * in a cluster, here with the broker's three partitions for the event topics. A topic that a
   * producer's first write creates is a race: with several requests in flight, a later one can be
   * written before the partition's first, which the broker then refuses for ever (KAFKA-15591); a
   * relay's write stalled so, timed out and was published again, in another order.
   */
  static final String PLATFORM_TOPICS =
      "needs.events:3,sessions.events:3,feedback.events:3,"
          + "sessions.needs-events.dead-letters:1,feedback.platform-events.dead-letters:1";

  private final Process process;
  private final int port;
  private final Path dataDir;
  private final boolean deleteDataOnClose;
  private final Duration startedIn;

  private LocalKafka(
      Process process, int port, Path dataDir, boolean deleteDataOnClose, Duration startedIn) {
    this.process = process;
    this.port = port;
    this.dataDir = dataDir;
    this.deleteDataOnClose = deleteDataOnClose;
    this.startedIn = startedIn;
  }

  /** Starts a broker on a free port with its data in a temporary folder, deleted on close. */
  public static LocalKafka startEphemeral() {
    try {
      return start(0, Files.createTempDirectory("openup-kafka-"), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a broker and waits until it serves clients.
   *
   * @param port the client port, or 0 for a free one
   * @param dataDir where the broker keeps its log; formatted on first use, reused after
   * @param deleteDataOnClose whether {@link #close()} deletes {@code dataDir}
   */
  public static LocalKafka start(int port, Path dataDir, boolean deleteDataOnClose) {
    long began = System.nanoTime();
    try {
      int clientPort = port == 0 ? freePort() : port;
      int controllerPort = freePort();
      Files.createDirectories(dataDir);
      Path config = writeConfig(dataDir, clientPort, controllerPort);
      Path log4j = writeLoggingConfig(dataDir);
      String classpath = brokerClasspath();

      if (!Files.exists(dataDir.resolve("log").resolve("meta.properties"))) {
        format(classpath, config, log4j, dataDir);
      }

      ProcessBuilder builder =
          new ProcessBuilder(
                  javaCommand(
                      classpath,
                      log4j,
                      "768m",
                      BrokerMain.class.getName(),
                      "127.0.0.1:" + clientPort,
                      PLATFORM_TOPICS,
                      "kafka.Kafka",
                      config.toString()))
              .redirectErrorStream(true);
      Process process = builder.start();
      CountDownLatch started = new CountDownLatch(1);
      pump(process.getInputStream(), dataDir.resolve("broker.log"), started);

      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (!started.await(100, TimeUnit.MILLISECONDS)) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "Kafka broker exited with "
                  + process.exitValue()
                  + " before it started; see "
                  + dataDir.resolve("broker.log"));
        }
        if (System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new IllegalStateException(
              "Kafka broker did not start within "
                  + START_TIMEOUT
                  + "; see "
                  + dataDir.resolve("broker.log"));
        }
      }
      awaitPort(clientPort, deadline);
      return new LocalKafka(
          process,
          clientPort,
          dataDir,
          deleteDataOnClose,
          Duration.ofNanos(System.nanoTime() - began));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting Kafka", e);
    }
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public long pid() {
    return process.pid();
  }

  public Duration startedIn() {
    return startedIn;
  }

  public Path dataDir() {
    return dataDir;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops the broker (controlled shutdown, then forcibly after a bound) and waits for it. */
  @Override
  public void close() {
    stopKeepingData();
    if (deleteDataOnClose) {
      deleteRecursively(dataDir);
    }
  }

  /**
   * Stops the broker and keeps its log whatever {@code deleteDataOnClose} says: a broker started
   * again on the same port and folder finds its topics (the system tests' broker outage).
   */
  public void stopKeepingData() {
    try {
      if (process.isAlive()) {
        // The broker stops when its standard input closes (BrokerMain), not on a signal.
        try {
          process.getOutputStream().close();
        } catch (IOException e) {
          // Already closed: the broker is on its way out.
        }
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs a broker in the foreground until this JVM is stopped (Ctrl-C or SIGTERM), used by {@code
   * ./run.sh}. Arguments: {@code [port] [data-dir]}, defaulting to 9092 and {@code .run/kafka}.
   */
  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 9092;
    Path dataDir = Path.of(args.length > 1 ? args[1] : ".run/kafka").toAbsolutePath();
    LocalKafka kafka = start(port, dataDir, false);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  kafka.close();
                  stopped.countDown();
                }));
    System.out.printf(
        "Kafka broker ready at %s (pid %d, started in %d ms, data in %s)%n",
        kafka.bootstrapServers(), kafka.pid(), kafka.startedIn().toMillis(), dataDir);
    while (kafka.isAlive()) {
      kafka.process.waitFor(1, TimeUnit.SECONDS);
    }
    if (stopped.getCount() > 0) {
      System.err.println("Kafka broker exited unexpectedly; see " + dataDir.resolve("broker.log"));
      System.exit(1);
    }
  }

  private static void format(String classpath, Path config, Path log4j, Path dataDir)
      throws IOException, InterruptedException {
    byte[] random = new byte[16];
    String clusterId;
    do {
      new SecureRandom().nextBytes(random);
      clusterId = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    } while (clusterId.startsWith("-"));
    Path formatLog = dataDir.resolve("format.log");
    Process format =
        new ProcessBuilder(
                javaCommand(
                    classpath,
                    log4j,
                    "256m",
                    "kafka.tools.StorageTool",
                    "format",
                    "-t",
                    clusterId,
                    "-c",
                    config.toString()))
            .redirectErrorStream(true)
            .redirectOutput(formatLog.toFile())
            .start();
    if (!format.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      format.destroyForcibly();
      throw new IllegalStateException("Formatting Kafka storage timed out; see " + formatLog);
    }
    if (format.exitValue() != 0) {
      throw new IllegalStateException(
          "Formatting Kafka storage failed: " + Files.readString(formatLog));
    }
  }

  private static List<String> javaCommand(
      String classpath, Path log4j, String maxHeap, String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + maxHeap);
    command.add("-XX:+UseSerialGC");
    command.add("-Djava.awt.headless=true");
    command.add("-Dlog4j2.configurationFile=" + log4j.toUri());
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(List.of(args));
    return command;
  }

  private static Path writeConfig(Path dataDir, int clientPort, int controllerPort)
      throws IOException {
    String properties =
        String.join(
            "\n",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
            "listeners=PLAINTEXT://127.0.0.1:"
                + clientPort
                + ",CONTROLLER://127.0.0.1:"
                + controllerPort,
            "advertised.listeners=PLAINTEXT://127.0.0.1:" + clientPort,
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=PLAINTEXT",
            "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
            "log.dirs=" + dataDir.resolve("log"),
            "num.partitions=3",
            "auto.create.topics.enable=true",
            // One node: every internal topic has a single replica.
            "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=10",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "transaction.state.log.num.partitions=5",
            "share.coordinator.state.topic.replication.factor=1",
            "share.coordinator.state.topic.min.isr=1",
            "min.insync.replicas=1",
            "group.initial.rebalance.delay.ms=0",
            // Event topics keep everything.
            "log.retention.ms=-1",
            "");
    Path config = dataDir.resolve("server.properties");
    Files.writeString(config, properties);
    return config;
  }

  private static Path writeLoggingConfig(Path dataDir) throws IOException {
    String config =
        String.join(
            "\n",
            "status = warn",
            "appender.console.type = Console",
            "appender.console.name = console",
            "appender.console.layout.type = PatternLayout",
            "appender.console.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = info",
            "rootLogger.appenderRef.console.ref = console",
            "logger.kafka.name = kafka",
            "logger.kafka.level = info",
            "logger.state.name = state.change.logger",
            "logger.state.level = warn",
            "");
    Path file = dataDir.resolve("log4j2.properties");
    Files.writeString(file, config);
    return file;
  }

  private static String brokerClasspath() throws IOException {
    try (InputStream in = LocalKafka.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            CLASSPATH_RESOURCE + " is missing: build the local-kafka module with ./mvnw first");
      }
      String dependencies = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      Path self =
          Path.of(LocalKafka.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return self + System.getProperty("path.separator") + dependencies;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void pump(InputStream output, Path logFile, CountDownLatch started) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                      new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8));
                  Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                  log.write(line);
                  log.write('\n');
                  log.flush();
                  if (line.startsWith(BrokerMain.TOPICS_READY)) {
                    started.countDown();
                  }
                }
              } catch (IOException e) {
                // The broker's output ended: nothing more to log.
              }
            },
            "kafka-broker-output");
    thread.setDaemon(true);
    thread.start();
  }

  private static void awaitPort(int port, long deadlineNanos) throws InterruptedException {
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadlineNanos) {
          throw new IllegalStateException("Kafka broker did not open port " + port);
        }
        Thread.sleep(50);
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort: a temporary folder left behind harms nothing.
    }
  }
}
