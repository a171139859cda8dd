package app.openup.eventing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the beginning with a plain Kafka consumer, as an outside consumer would.
 *
 * <p>It reads by assignment, not in a consumer group: every record it returns was read once. (A
 * group member whose partitions are assigned again before it committed reads them again from the
 * start, and a test that counts duplicates would blame the writer.) So the topic is created first,
 * with the broker's defaults, as the writer's first send would.
 */
public final class TopicReader implements AutoCloseable {

  private final KafkaConsumer<String, byte[]> consumer;
  private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

  public TopicReader(String bootstrapServers, String topic) {
    createIfAbsent(bootstrapServers, topic);
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  private static void createIfAbsent(String bootstrapServers, String topic) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin
          .createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())))
          .all()
          .get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("could not create topic " + topic, e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Polls once and returns everything read so far. */
  public List<ConsumerRecord<String, byte[]>> poll() {
    consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    return List.copyOf(records);
  }

  /** Polls until the records read so far satisfy the condition, or the time is up. */
  public List<ConsumerRecord<String, byte[]>> pollUntil(
      Predicate<List<ConsumerRecord<String, byte[]>>> done, Duration atMost) {
    long deadline = System.nanoTime() + atMost.toNanos();
    List<ConsumerRecord<String, byte[]>> read = poll();
    while (!done.test(read) && System.nanoTime() < deadline) {
      read = poll();
    }
    return read;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
