package app.openup.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything a service's {@code @QuarkusTest} runs against: the JVM's real Kafka broker, a fresh
 * PostgreSQL database for the event store and another for the vault's key store (both dropped when
 * the application stops), the public key that verifies {@link PartnerTokens}, a vault master key
 * made for this run, and a free port for the management interface ({@link #managementPort()}).
 *
 * <p>Use it with {@code @WithTestResource(value = OpenUpTestResources.class, scope =
 * TestResourceScope.GLOBAL)} on one test class of the module.
 */
public class OpenUpTestResources implements QuarkusTestResourceLifecycleManager {

  /** The property that carries the management interface's port in tests. */
  public static final String MANAGEMENT_PORT = "quarkus.management.test-port";

  private TestDatabase database;
  private TestDatabase keys;

  @Override
  public Map<String, String> start() {
    String bootstrapServers = SharedKafka.bootstrapServers();
    String module = Path.of("").toAbsolutePath().getFileName().toString();
    database = TestDatabase.create(module);
    keys = TestDatabase.create(module + "_keys");
    JwtKeys jwt = TestJwtKeys.shared();
    byte[] masterKey = new byte[32];
    new SecureRandom().nextBytes(masterKey);
    Map<String, String> config = new HashMap<>();
    config.put("openup.eventing.vault.master-key", Base64.getEncoder().encodeToString(masterKey));
    config.put("kafka.bootstrap.servers", bootstrapServers);
    config.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
    config.put("quarkus.datasource.reactive.url", database.reactiveUrl());
    config.put("quarkus.datasource.username", database.user());
    config.put("quarkus.datasource.password", database.password());
    config.put("quarkus.datasource.\"keys\".jdbc.url", keys.jdbcUrl());
    config.put("quarkus.datasource.\"keys\".reactive.url", keys.reactiveUrl());
    config.put("quarkus.datasource.\"keys\".username", keys.user());
    config.put("quarkus.datasource.\"keys\".password", keys.password());
    config.put("mp.jwt.verify.publickey.location", jwt.publicKeyFile().toUri().toString());
    config.put("mp.jwt.verify.issuer", JwtKeys.ISSUER);
    config.put("mp.jwt.verify.audiences", JwtKeys.AUDIENCE);
    config.put(MANAGEMENT_PORT, Integer.toString(freePort()));
    return config;
  }

  /** The management interface's port of the application under test (health, metrics). */
  public static int managementPort() {
    return org.eclipse.microprofile.config.ConfigProvider.getConfig()
        .getValue(MANAGEMENT_PORT, Integer.class);
  }

  private static int freePort() {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    try {
      if (database != null) {
        database.close();
      }
    } finally {
      if (keys != null) {
        keys.close();
      }
    }
  }
}
