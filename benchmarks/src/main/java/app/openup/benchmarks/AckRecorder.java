package app.openup.benchmarks;

import java.util.Map;
import java.util.Optional;
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

  private static final Map<String, Long> ACKED_AT = new ConcurrentHashMap<>();

  /**
   * When Kafka acknowledged the record at this partition and offset ({@link System#nanoTime()}).
   */
  static Optional<Long> ackedAt(int partition, long offset) {
    return Optional.ofNullable(ACKED_AT.get(partition + ":" + offset));
  }

  @Override
  public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
    return record;
  }

  @Override
  public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    if (exception == null && metadata.hasOffset()) {
      ACKED_AT.put(metadata.partition() + ":" + metadata.offset(), System.nanoTime());
    }
  }

  @Override
  public void close() {}

  @Override
  public void configure(Map<String, ?> configs) {}
}
