package app.openup.localkafka;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.awaitility.Awaitility;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Entry point of the broker's child JVM: {@code BrokerMain <bootstrap> <topics> <main class>
 * <args...>}. Runs the main class ({@code kafka.Kafka}, which also lets {@code pgrep -f
 * kafka.Kafka} find the broker), makes the given topics ({@code name:partitions,...}) once it
 * serves clients and prints {@link #TOPICS_READY} when each of their partitions has its leader, and
 * exits when the parent's pipe to its standard input closes (how its owner stops it; it ignores
 * SIGINT and SIGTERM), so a broker never outlives the JVM that started it.
 */
public final class BrokerMain {

  /** The line the broker's output carries once it serves clients and its topics are made. */
  static final String TOPICS_READY = "[open-up] broker ready, topics made";

  /** How long the topics may take to have their leaders before the broker gives up its start. */
  private static final Duration LEADERS_TIMEOUT = Duration.ofSeconds(60);

  private BrokerMain() {}

  public static void main(String[] args) throws Exception {
    // Ctrl-C in a terminal, or a SIGTERM to the process group, reaches every process of the group
    // at once: the broker would go down while the services still leave their consumer groups, and
    // their next run would wait out the stale members' session (45 s) before consuming. So only
    // the owner stops the broker, by closing its standard input after it stopped the services.
    Signal.handle(new Signal("INT"), SignalHandler.SIG_IGN);
    Signal.handle(new Signal("TERM"), SignalHandler.SIG_IGN);
    Thread watchdog =
        new Thread(
            () -> {
              try {
                while (System.in.read() != -1) {
                  // Nothing is ever written to the broker; only the end of the stream matters.
                }
              } catch (IOException e) {
                // A broken pipe means the parent is gone, as does the end of the stream.
              }
              System.exit(0);
            },
            "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    Thread topics = new Thread(() -> makeTopics(args[0], args[1]), "topics");
    topics.setDaemon(true);
    topics.start();
    String[] brokerArgs = Arrays.copyOfRange(args, 3, args.length);
    Class.forName(args[2]).getMethod("main", String[].class).invoke(null, (Object) brokerArgs);
  }

  /** Makes the topics that do not exist yet and waits for every partition's leader. */
  private static void makeTopics(String bootstrapServers, String topics) {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(config)) {
      List<NewTopic> wanted = new ArrayList<>();
      for (String topic : topics.split(",")) {
        String[] nameAndPartitions = topic.split(":");
        wanted.add(
            new NewTopic(nameAndPartitions[0], Integer.parseInt(nameAndPartitions[1]), (short) 1));
      }
      // A broker started on an earlier run's log has them already.
      for (NewTopic topic : wanted) {
        try {
          admin.createTopics(List.of(topic)).all().get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
      List<String> names = wanted.stream().map(NewTopic::name).toList();
      Awaitility.await("leaders of " + names)
          .atMost(LEADERS_TIMEOUT)
          .pollInterval(Duration.ofMillis(20))
          .until(() -> led(admin, names));
      System.out.println(TOPICS_READY);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      System.out.println("[open-up] the broker's topics could not be made: " + e);
      System.exit(1);
    }
  }

  /** Whether every partition of the topics has its leader; not yet while the broker learns them. */
  private static boolean led(Admin admin, List<String> names)
      throws ExecutionException, InterruptedException {
    Map<String, TopicDescription> topics;
    try {
      topics = admin.describeTopics(names).allTopicNames().get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return false;
      }
      throw e;
    }
    return topics.values().stream()
        .flatMap(topic -> topic.partitions().stream())
        .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
  }
}
