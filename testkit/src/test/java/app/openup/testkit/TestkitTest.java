package app.openup.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class TestkitTest {

  @Test
  void sharedBrokerCarriesARecordFromProducerToConsumer() throws Exception {
    String bootstrap = SharedKafka.bootstrapServers();
    assertEquals(bootstrap, SharedKafka.bootstrapServers(), "one broker per JVM");
    String topic = "testkit-" + UUID.randomUUID();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true),
            new StringSerializer(),
            new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "couple", "hello")).get();
    }
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "testkit",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      ConsumerRecord<String, String> record = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (record == null && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          record = r;
        }
      }
      assertEquals("hello", record == null ? null : record.value());
    }
  }

  @Test
  void theBrokerServesThePlatformsTopicsLedAsSoonAsItIsStarted() throws Exception {
    // No producer's first write creates them (KAFKA-15591's race), as in deploy/'s cluster.
    Map<String, Integer> platform =
        Map.of(
            "needs.events", 3,
            "sessions.events", 3,
            "feedback.events", 3,
            "sessions.needs-events.dead-letters", 1,
            "feedback.platform-events.dead-letters", 1);
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()))) {
      Map<String, TopicDescription> topics =
          admin.describeTopics(platform.keySet()).allTopicNames().get();
      for (Map.Entry<String, Integer> topic : platform.entrySet()) {
        List<TopicPartitionInfo> partitions = topics.get(topic.getKey()).partitions();
        assertEquals(topic.getValue(), partitions.size(), topic.getKey());
        for (TopicPartitionInfo partition : partitions) {
          assertTrue(
              partition.leader() != null && !partition.leader().isEmpty(),
              topic.getKey() + "-" + partition.partition() + " has a leader");
        }
      }
    }
  }

  @Test
  void databaseIsFreshAndDroppedOnClose() throws SQLException {
    String name;
    try (TestDatabase database = TestDatabase.create("testkit")) {
      name = database.name();
      assertEquals(0, publicTables(database));
    }
    try (TestDatabase other = TestDatabase.create("testkit");
        Connection connection = other.connect();
        ResultSet exists =
            connection
                .createStatement()
                .executeQuery("select 1 from pg_database where datname = '" + name + "'")) {
      assertFalse(exists.next(), "the first database was dropped");
    }
  }

  @Test
  void theLocalRunsDatabasesAreKeptOrMadeAnew() throws SQLException {
    try (TestDatabase database = TestDatabase.create("testkit_local_run")) {
      String name = database.name();
      try (Connection connection = database.connect()) {
        connection.createStatement().execute("create table kept (id int)");
      }
      TestDatabase.main(new String[] {name});
      assertEquals(1, publicTables(database), "an existing database is kept");
      TestDatabase.main(new String[] {"--recreate", name});
      assertEquals(0, publicTables(database), "--recreate makes it anew");
    }
  }

  private static int publicTables(TestDatabase database) throws SQLException {
    try (Connection connection = database.connect();
        ResultSet tables =
            connection
                .createStatement()
                .executeQuery("select count(*) from pg_tables where schemaname = 'public'")) {
      tables.next();
      return tables.getInt(1);
    }
  }

  @Test
  void tokensAreSignedWithTheKeyTheServicesVerify() throws Exception {
    UUID partner = UUID.randomUUID();
    String token = PartnerTokens.forTests().forPartner(partner);
    String[] parts = token.split("\\.");
    assertEquals(3, parts.length);
    Base64.Decoder base64 = Base64.getUrlDecoder();
    assertTrue(new String(base64.decode(parts[0]), StandardCharsets.UTF_8).contains("RS256"));
    String claims = new String(base64.decode(parts[1]), StandardCharsets.UTF_8);
    assertTrue(claims.contains("\"sub\":\"" + partner + "\""), claims);
    assertTrue(claims.contains(JwtKeys.ISSUER), claims);

    String pem = Files.readString(TestJwtKeys.shared().publicKeyFile());
    byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(publicKey);
    verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertTrue(verifier.verify(base64.decode(parts[2])));
  }
}
