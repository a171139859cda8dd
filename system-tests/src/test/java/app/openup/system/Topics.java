package app.openup.system;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The topics as any consumer reads them: a plain Kafka consumer, from the beginning. */
final class Topics {

  private Topics() {}

  /** Every record of the topics up to their end when the read began (committed ones only). */
  static List<ConsumerRecord<String, byte[]>> readAll(List<String> topics) {
    Properties config = new Properties();
    config.put(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SystemPlatform.platform().bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "system-test-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(topics);
      Map<TopicPartition, Long> ends = new HashMap<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        if (ends.isEmpty() && !consumer.assignment().isEmpty()) {
          ends.putAll(consumer.endOffsets(consumer.assignment()));
        }
        if (!ends.isEmpty()
            && ends.entrySet().stream()
                .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
          return records;
        }
      }
    }
    throw new IllegalStateException("The topics " + topics + " were not read to their end in 60 s");
  }

  static CloudEvent event(ConsumerRecord<String, byte[]> record) {
    try (CloudEventDeserializer deserializer = new CloudEventDeserializer()) {
      return deserializer.deserialize(record.topic(), record.headers(), record.value());
    }
  }
}
