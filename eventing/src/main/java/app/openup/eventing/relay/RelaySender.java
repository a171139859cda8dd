package app.openup.eventing.relay;

import app.openup.eventing.relay.RelayStatements.SetAside;
import app.openup.eventing.store.EventMetadata;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.kafka.CloudEventSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends the relay's batches to Kafka: each event as a CloudEvent 1.0 in binary mode, keyed by its
 * partition key, with an idempotent producer ({@code acks=all}). An event that can never be
 * published (its stored text cannot be read, or it is larger than Kafka accepts) is set aside
 * instead of sent, so that one bad record never stops the log; any other failure fails the batch,
 * and the relay sends again from its checkpoint.
 */
final class RelaySender implements AutoCloseable {

  /** Bytes a record's headers and key add to its data, at most, for the size check. */
  private static final int HEADER_ALLOWANCE = 2048;

  private final RelayOptions options;
  private final Producer<String, CloudEvent> producer;

  RelaySender(RelayOptions options) {
    this.options = options;
    this.producer = createProducer(options);
  }

  /** A batch handed to the producer and what became of it. */
  record InFlight(
      Checkpoint upTo,
      CompletableFuture<Void> acked,
      Instant sentAt,
      List<SetAside> setAside,
      int sent) {}

  /**
   * Hands the batch to the producer without waiting: the next batch is read and sent while Kafka
   * acknowledges this one. The idempotent producer keeps the records of each partition in the order
   * they were sent, also when it retries.
   *
   * @param onAcknowledged told how many events Kafka acknowledged, once the whole batch was
   * @param wakeUp called when the batch is settled either way
   */
  InFlight send(
      List<RelayRow> batch,
      Checkpoint upTo,
      Instant now,
      IntConsumer onAcknowledged,
      Runnable wakeUp) {
    CompletableFuture<Void> acked = new CompletableFuture<>();
    List<SetAside> setAside = new CopyOnWriteArrayList<>();
    AtomicInteger waiting = new AtomicInteger(batch.size());
    AtomicInteger sent = new AtomicInteger();
    Runnable settledOne =
        () -> {
          if (waiting.decrementAndGet() == 0 && !acked.isDone()) {
            onAcknowledged.accept(sent.get());
            acked.complete(null);
            wakeUp.run();
          }
        };
    for (RelayRow row : batch) {
      ProducerRecord<String, CloudEvent> record;
      try {
        record = record(row);
      } catch (RuntimeException unreadable) {
        setAside.add(new SetAside(row, "unreadable: " + describe(unreadable)));
        settledOne.run();
        continue;
      }
      int size = row.payloadJson().length() + HEADER_ALLOWANCE;
      if (size > options.maxRecordBytes()
          && row.payloadJson().getBytes(StandardCharsets.UTF_8).length + HEADER_ALLOWANCE
              > options.maxRecordBytes()) {
        setAside.add(
            new SetAside(
                row,
                "too large for Kafka: about " + size + " bytes, over " + options.maxRecordBytes()));
        settledOne.run();
        continue;
      }
      sent.incrementAndGet();
      producer.send(
          record,
          (metadata, failure) -> {
            if (failure == null) {
              settledOne.run();
            } else if (failure instanceof RecordTooLargeException
                || failure instanceof InvalidRecordException
                || failure instanceof SerializationException) {
              sent.decrementAndGet();
              setAside.add(new SetAside(row, "refused by Kafka: " + describe(failure)));
              settledOne.run();
            } else {
              acked.completeExceptionally(failure);
              wakeUp.run();
            }
          });
    }
    return new InFlight(upTo, acked, now, setAside, batch.size());
  }

  private ProducerRecord<String, CloudEvent> record(RelayRow row) {
    EventMetadata metadata = row.metadata();
    ProducerRecord<String, CloudEvent> record =
        new ProducerRecord<>(options.topic(), key(row), cloudEvent(row, metadata));
    if (metadata.traceparent() != null) {
      record.headers().add("traceparent", metadata.traceparent().getBytes(StandardCharsets.UTF_8));
    }
    return record;
  }

  private static String key(RelayRow row) {
    return row.partitionKey() != null ? row.partitionKey().toString() : row.streamId();
  }

  private CloudEvent cloudEvent(RelayRow row, EventMetadata metadata) {
    CloudEventBuilder event =
        CloudEventBuilder.v1()
            .withId(row.eventId().toString())
            .withSource(options.source())
            .withType(row.type())
            .withTime(row.occurredAt().atOffset(ZoneOffset.UTC))
            .withDataContentType("application/json")
            .withData(PublicPayload.of(row.payloadJson()).getBytes(StandardCharsets.UTF_8))
            .withExtension("streamid", row.streamId())
            .withExtension("streamversion", row.streamVersion())
            .withExtension("globalposition", row.position())
            .withExtension("schemaversion", row.schemaVersion());
    if (row.partitionKey() != null) {
      event.withSubject(row.partitionKey().toString());
    }
    if (row.actor() != null) {
      event.withExtension("actor", row.actor());
    }
    if (metadata.correlationId() != null) {
      event.withExtension("correlationid", metadata.correlationId().toString());
    }
    if (metadata.causationId() != null) {
      event.withExtension("causationid", metadata.causationId().toString());
    }
    if (metadata.traceparent() != null) {
      event.withExtension("traceparent", metadata.traceparent());
    }
    return event.build();
  }

  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    String text = failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    return text.length() > 500 ? text.substring(0, 500) : text;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }

  void closeNow() {
    producer.close(Duration.ZERO);
  }

  private static Producer<String, CloudEvent> createProducer(RelayOptions options) {
    Map<String, Object> config = new HashMap<>(options.kafka());
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
    config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "openup-relay-" + options.name());
    CloudEventSerializer serializer = new CloudEventSerializer();
    serializer.configure(Map.of(CloudEventSerializer.ENCODING_CONFIG, Encoding.BINARY), false);
    return new KafkaProducer<>(config, new StringSerializer(), serializer);
  }
}
