package app.openup.eventing.projection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.openup.eventing.TopicReader;
import app.openup.testkit.SharedKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void aPoisonRecordIsDeadLetteredWithItsReasonAndTheConsumerGoesOn() throws Exception {
    String topic = "dead-letters-" + UUID.randomUUID();
    String couple = UUID.randomUUID().toString();
    byte[] poison = "{not a cloud event".getBytes(StandardCharsets.UTF_8);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", SharedKafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, couple, poison)).get();
      ProducerRecord<String, byte[]> good =
          new ProducerRecord<>(topic, couple, "{}".getBytes(StandardCharsets.UTF_8));
      good.headers()
          .add("ce_specversion", bytes("1.0"))
          .add("ce_id", bytes(UUID.randomUUID().toString()))
          .add("ce_type", bytes("app.openup.need.shared.v1"))
          .add("ce_source", bytes("/openup/needs"))
          .add("content-type", bytes("application/json"));
      producer.send(good).get();
    }

    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<IncomingEvent> processed = new ArrayList<>();
    try (DeadLetters deadLetters =
            new DeadLetters(SharedKafka.bootstrapServers(), Map.of(), registry);
        TopicReader reader = new TopicReader(SharedKafka.bootstrapServers(), topic)) {
      for (ConsumerRecord<String, byte[]> record : reader.pollUntil(r -> r.size() == 2, WAIT)) {
        try {
          processed.add(IncomingEvent.fromKafka(record.topic(), record.headers(), record.value()));
        } catch (RuntimeException poisoned) {
          deadLetters.send(record, poisoned);
        }
      }
    }
    assertEquals(1, processed.size(), "the consumer went on with the next record");
    assertEquals(
        1.0, registry.get("openup.projection.dead.letters").tag("topic", topic).counter().count());

    try (TopicReader letters =
        new TopicReader(SharedKafka.bootstrapServers(), DeadLetters.topicFor(topic))) {
      ConsumerRecord<String, byte[]> letter = letters.pollUntil(r -> !r.isEmpty(), WAIT).get(0);
      assertEquals(couple, letter.key());
      assertArrayEquals(poison, letter.value(), "the original record, untouched");
      assertEquals(topic, header(letter, DeadLetters.TOPIC));
      assertEquals("0", header(letter, DeadLetters.OFFSET));
      assertTrue(!header(letter, DeadLetters.CAUSE).isEmpty());
      assertTrue(header(letter, DeadLetters.REASON) != null);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
