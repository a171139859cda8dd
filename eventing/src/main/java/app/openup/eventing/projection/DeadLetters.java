package app.openup.eventing.projection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Where a consumer puts a record it cannot process: the original record (key, value, headers) on
 * {@code <topic>.dead-letters}, with the reason, the cause and where it came from in the same
 * headers SmallRye Reactive Messaging's dead-letter queue writes, so both kinds of consumer leave
 * dead letters that one tool can read. Nothing is skipped silently: each one is counted.
 *
 * <p>{@link #send} never blocks its caller (an event loop, say): the producer, which may wait for
 * the topic's metadata, is called from a thread of its own, and the outcome arrives as a {@link
 * Uni}.
 */
public final class DeadLetters implements AutoCloseable {

  public static final String REASON = "dead-letter-reason";
  public static final String CAUSE = "dead-letter-cause";
  public static final String TOPIC = "dead-letter-topic";
  public static final String PARTITION = "dead-letter-partition";
  public static final String OFFSET = "dead-letter-offset";

  private final KafkaProducer<String, byte[]> producer;
  private final MeterRegistry registry;
  private final ExecutorService sending =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "dead-letters");
            thread.setDaemon(true);
            return thread;
          });

  public DeadLetters(String bootstrapServers, Map<String, Object> kafka, MeterRegistry registry) {
    Map<String, Object> config = new HashMap<>(kafka);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    this.registry = registry;
  }

  /** The dead-letter topic of a topic. */
  public static String topicFor(String topic) {
    return topic + ".dead-letters";
  }

  /**
   * Puts the record on its dead-letter topic; the {@link Uni} completes once Kafka has it, or fails
   * if it could not be written (the caller then must not commit the record's offset).
   */
  public Uni<Void> send(ConsumerRecord<String, byte[]> record, Throwable failure) {
    ProducerRecord<String, byte[]> letter =
        new ProducerRecord<>(topicFor(record.topic()), record.key(), record.value());
    for (Header header : record.headers()) {
      letter.headers().add(header);
    }
    letter.headers().add(REASON, bytes(failure.getMessage() == null ? "" : failure.getMessage()));
    letter.headers().add(CAUSE, bytes(failure.getClass().getName()));
    letter.headers().add(TOPIC, bytes(record.topic()));
    letter.headers().add(PARTITION, bytes(Integer.toString(record.partition())));
    letter.headers().add(OFFSET, bytes(Long.toString(record.offset())));
    return Uni.createFrom()
        .<Void>emitter(
            emitter ->
                sending.execute(
                    () -> {
                      try {
                        producer.send(
                            letter,
                            (metadata, error) -> {
                              if (error != null) {
                                emitter.fail(
                                    new IllegalStateException(
                                        "Could not dead-letter a record of " + record.topic(),
                                        error));
                              } else {
                                count(record.topic());
                                emitter.complete(null);
                              }
                            });
                      } catch (RuntimeException e) {
                        emitter.fail(
                            new IllegalStateException(
                                "Could not dead-letter a record of " + record.topic(), e));
                      }
                    }));
  }

  private void count(String topic) {
    if (registry != null) {
      Counter.builder("openup.projection.dead.letters")
          .description("Records a consumer could not process, put on a dead-letter topic")
          .tag("topic", topic)
          .register(registry)
          .increment();
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    sending.shutdown();
    producer.close(Duration.ofSeconds(10));
  }
}
