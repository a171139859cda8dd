package app.openup.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka's end-to-end latency at the platform's pace: one 200-byte record at a time, at a fixed
 * rate, from a producer set as the relay's ({@code acks=all}, idempotent, no linger) to a consumer,
 * each record timed from its intended send to its receipt. Kafka's {@code EndToEndLatency} sends
 * the next record as soon as the last arrives, which keeps every thread of the broker and both
 * clients awake; at the tens of events a second the platform carries here, each event finds them
 * asleep, and what a relayed event costs to cross Kafka is this figure.
 */
final class PacedKafkaLatency {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private PacedKafkaLatency() {}

  /**
   * Sends {@code records} records at {@code perSecond} (after a quarter as many unmeasured) and
   * returns p50, p99 and p99.9 in ms (of fewer than a thousand records, the p99.9 is the slowest).
   */
  static double[] run(String bootstrapServers, String topic, int perSecond, int records)
      throws Exception {
    int warmUp = Math.max(1, records / 4);
    int total = warmUp + records;
    long[] intended = new long[total];
    Latencies latencies = new Latencies();
    AtomicBoolean stop = new AtomicBoolean();
    try (KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(producerConfig(bootstrapServers));
        KafkaConsumer<String, byte[]> consumer =
            new KafkaConsumer<>(consumerConfig(bootstrapServers))) {
      byte[] value = new byte[200];
      // The topic exists and the consumer is placed at its end before anything is timed.
      producer
          .send(new ProducerRecord<>(topic, "-1", value))
          .get(WAIT.toSeconds(), TimeUnit.SECONDS);
      consumer.subscribe(List.of(topic));
      long placedBy = System.nanoTime() + WAIT.toNanos();
      while (consumer.poll(Duration.ofMillis(100)).isEmpty()) {
        if (System.nanoTime() > placedBy) {
          throw new IllegalStateException("The paced consumer got no record of " + topic);
        }
      }
      int[] received = new int[1];
      AtomicReference<RuntimeException> failed = new AtomicReference<>();
      Thread reader =
          new Thread(
              () -> {
                try {
                  while (!stop.get() && received[0] < total) {
                    for (ConsumerRecord<String, byte[]> record :
                        consumer.poll(Duration.ofMillis(100))) {
                      long now = System.nanoTime();
                      int index = Integer.parseInt(record.key());
                      if (index >= warmUp) {
                        latencies.add(now - intended[index]);
                      }
                      received[0]++;
                    }
                  }
                } catch (RuntimeException e) {
                  failed.set(e);
                }
              },
              "paced-kafka-reader");
      reader.setDaemon(true);
      long period = TimeUnit.SECONDS.toNanos(1) / perSecond;
      long start = System.nanoTime() + period;
      for (int i = 0; i < total; i++) {
        intended[i] = start + i * period;
      }
      reader.start();
      try {
        for (int i = 0; i < total; i++) {
          long wait = intended[i] - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
          producer.send(new ProducerRecord<>(topic, Integer.toString(i), value));
        }
        reader.join(WAIT.toMillis());
      } finally {
        // The reader stops before the consumer closes (a consumer is used by one thread at a
        // time), also when sending failed.
        stop.set(true);
        reader.join(WAIT.toMillis());
      }
      if (reader.isAlive()) {
        throw new IllegalStateException("The paced consumer did not stop polling");
      }
      if (failed.get() != null) {
        throw new IllegalStateException("The paced consumer failed", failed.get());
      }
      if (latencies.size() != records) {
        throw new IllegalStateException(
            "The paced consumer got " + latencies.size() + " of " + records + " records");
      }
    }
    return new double[] {
      latencies.percentile(0.50) / 1e6,
      latencies.percentile(0.99) / 1e6,
      latencies.percentile(0.999) / 1e6
    };
  }

  private static Map<String, Object> producerConfig(String bootstrapServers) {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrapServers,
        ProducerConfig.ACKS_CONFIG,
        "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
        true,
        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
        5,
        ProducerConfig.LINGER_MS_CONFIG,
        0,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
        StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
        ByteArraySerializer.class);
  }

  private static Map<String, Object> consumerConfig(String bootstrapServers) {
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG,
        "bench-paced-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
        "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
        StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
        ByteArrayDeserializer.class);
  }
}
