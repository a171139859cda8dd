package app.openup.benchmarks;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A producer interceptor, set on the relay's producer through its Kafka settings ({@code
 * interceptor.classes}), that notes when Kafka acknowledged each record, by partition and offset:
 * the end of "commit to Kafka acknowledgement". The consumer that reads the topic maps partition
 * and offset back to the event.
 */
public final class AckRecorder implements ProducerInterceptor<Object, Object> {

  /** By partition, the acknowledgement time of each offset. */
  private static final Map<Integer, LongColumn> ACKED_AT = new ConcurrentHashMap<>();

  /**
   * When Kafka acknowledged the record at this partition and offset ({@link System#nanoTime()}).
   */
  static OptionalLong ackedAt(int partition, long offset) {
    LongColumn acked = ACKED_AT.get(partition);
    return acked == null ? OptionalLong.empty() : acked.get(offset);
  }

  @Override
  public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
    return record;
  }

  @Override
  public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    if (exception == null && metadata.hasOffset()) {
      long now = System.nanoTime();
      ACKED_AT
          .computeIfAbsent(metadata.partition(), p -> new LongColumn(1 << 16))
          .putIfAbsent(metadata.offset(), now);
    }
  }

  @Override
  public void close() {}

  @Override
  public void configure(Map<String, ?> configs) {}
}
