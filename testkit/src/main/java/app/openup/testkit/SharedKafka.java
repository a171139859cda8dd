package app.openup.testkit;

import app.openup.localkafka.LocalKafka;

/**
 * The one Kafka broker of a test JVM: started on first use, shared by every test class, stopped
 * when the JVM exits.
 *
 * <p>Quarkus loads test classes in more than one class loader, so the broker's address is kept in a
 * system property (visible to all of them) rather than in a static field.
 */
public final class SharedKafka {

  static final String BOOTSTRAP_PROPERTY = "testkit.kafka.bootstrap-servers";

  private SharedKafka() {}

  /** The broker's bootstrap servers, starting the broker if this JVM has none yet. */
  public static String bootstrapServers() {
    synchronized (System.getProperties()) {
      String running = System.getProperty(BOOTSTRAP_PROPERTY);
      if (running != null) {
        return running;
      }
      LocalKafka kafka = LocalKafka.startEphemeral();
      Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "stop-test-kafka"));
      System.out.printf(
          "[testkit] Apache Kafka broker started at %s in %d ms (pid %d, KRaft, single node)%n",
          kafka.bootstrapServers(), kafka.startedIn().toMillis(), kafka.pid());
      System.setProperty(BOOTSTRAP_PROPERTY, kafka.bootstrapServers());
      return kafka.bootstrapServers();
    }
  }
}
