package app.openup.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic from its start with a plain Kafka consumer, as any outside consumer would, and
 * notes when each event arrived, by its global position (the {@code globalposition} extension the
 * relay puts on every CloudEvent), in columns of numbers rather than objects (see {@link
 * LongColumn}).
 */
final class TopicWatcher implements AutoCloseable {

  /**
   * @param receivedNanos when the consumer read the record ({@link System#nanoTime()})
   * @param sentEpochMillis the record's timestamp: when the producer sent it (wall clock, ms)
   * @param partition where the record is
   * @param offset its offset in that partition
   */
  record Arrival(long receivedNanos, long sentEpochMillis, int partition, long offset) {}

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private static final String POSITION_HEADER = "ce_globalposition";
  private static final int EXPECTED_EVENTS = 1 << 16;

  private final LongColumn receivedNanos = new LongColumn(EXPECTED_EVENTS);
  private final LongColumn sentEpochMillis = new LongColumn(EXPECTED_EVENTS);
  private final LongColumn partitions = new LongColumn(EXPECTED_EVENTS);
  private final LongColumn offsets = new LongColumn(EXPECTED_EVENTS);
  private final Object progress = new Object();
  private long received;
  private long lastReceivedAt;

  TopicWatcher(String bootstrapServers, String topic, int partitions) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG,
                "bench-watcher",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> all =
        IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
    consumer.assign(all);
    consumer.seekToBeginning(all);
    thread = new Thread(this::pollUntilClosed, "bench-topic-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void pollUntilClosed() {
    try {
      while (true) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofSeconds(1));
        long now = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> record : records) {
          Header position = record.headers().lastHeader(POSITION_HEADER);
          if (position != null) {
            long at = Long.parseLong(new String(position.value(), StandardCharsets.UTF_8));
            sentEpochMillis.putIfAbsent(at, record.timestamp());
            partitions.putIfAbsent(at, record.partition());
            offsets.putIfAbsent(at, record.offset());
            // Last: an arrival is there once its time is (see arrival).
            receivedNanos.putIfAbsent(at, now);
          }
        }
        if (!records.isEmpty()) {
          synchronized (progress) {
            received += records.count();
            lastReceivedAt = now;
            progress.notifyAll();
          }
        }
      }
    } catch (WakeupException e) {
      // close() stops the consumer.
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /**
   * Waits until {@code count} records have been read since the start, and returns when the last of
   * them arrived ({@link System#nanoTime()}).
   */
  long awaitReceived(long count, Duration atMost) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + atMost.toNanos();
    synchronized (progress) {
      while (received < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException(
              "Read " + received + " of " + count + " records within " + atMost);
        }
        TimeUnit.NANOSECONDS.timedWait(progress, left);
      }
      return lastReceivedAt;
    }
  }

  /** When the event at this global position arrived (first, if it came more than once). */
  Optional<Arrival> arrival(long globalPosition) {
    return receivedNanos.get(globalPosition).isEmpty()
        ? Optional.empty()
        : Optional.of(
            new Arrival(
                receivedNanos.get(globalPosition).getAsLong(),
                sentEpochMillis.get(globalPosition).getAsLong(),
                (int) partitions.get(globalPosition).getAsLong(),
                offsets.get(globalPosition).getAsLong()));
  }

  @Override
  public void close() throws InterruptedException {
    consumer.wakeup();
    thread.join(TimeUnit.SECONDS.toMillis(10));
  }
}
