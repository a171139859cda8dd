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
          deadLetters.send(record, poisoned).await().atMost(WAIT);
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

  @Test
  void sendingFromAnEventLoopNeverBlocksItEvenWhenKafkaIsAway() throws Exception {
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try (DeadLetters deadLetters =
        new DeadLetters(
            "127.0.0.1:1",
            Map.of("max.block.ms", 3000, "delivery.timeout.ms", 4000, "request.timeout.ms", 3000),
            null)) {
      ConsumerRecord<String, byte[]> record =
          new ConsumerRecord<>("poisoned-" + UUID.randomUUID(), 0, 7, "key", bytes("x"));
      java.util.concurrent.CompletableFuture<Long> returnedAfter =
          new java.util.concurrent.CompletableFuture<>();
      java.util.concurrent.CompletableFuture<Throwable> outcome =
          new java.util.concurrent.CompletableFuture<>();
      vertx.runOnContext(
          ignored -> {
            assertTrue(io.vertx.core.Context.isOnEventLoopThread());
            long began = System.nanoTime();
            deadLetters
                .send(record, new IllegalStateException("poison"))
                .subscribe()
                .with(ok -> outcome.complete(null), outcome::complete);
            returnedAfter.complete((System.nanoTime() - began) / 1_000_000);
          });
      assertTrue(
          returnedAfter.get(10, java.util.concurrent.TimeUnit.SECONDS) < 500,
          "the event loop was held for " + returnedAfter.get() + " ms");
      Throwable failure = outcome.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertTrue(failure instanceof IllegalStateException, "the caller hears the failure");
    } finally {
      vertx
          .close()
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
