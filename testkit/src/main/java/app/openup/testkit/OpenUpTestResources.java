package app.openup.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * Everything a service's {@code @QuarkusTest} runs against: the JVM's real Kafka broker, a fresh
 * PostgreSQL database for this run of the application (dropped when it stops), the public key that
 * verifies {@link PartnerTokens}, and a vault master key made for this run.
 *
 * <p>Use it with {@code @WithTestResource(value = OpenUpTestResources.class, scope =
 * TestResourceScope.GLOBAL)} on one test class of the module.
 */
public class OpenUpTestResources implements QuarkusTestResourceLifecycleManager {

  private TestDatabase database;

  @Override
  public Map<String, String> start() {
    String bootstrapServers = SharedKafka.bootstrapServers();
    database = TestDatabase.create(Path.of("").toAbsolutePath().getFileName().toString());
    JwtKeys keys = TestJwtKeys.shared();
    byte[] masterKey = new byte[32];
    new SecureRandom().nextBytes(masterKey);
    return Map.of(
        "openup.vault.master-key", Base64.getEncoder().encodeToString(masterKey),
        "kafka.bootstrap.servers", bootstrapServers,
        "quarkus.datasource.jdbc.url", database.jdbcUrl(),
        "quarkus.datasource.reactive.url", database.reactiveUrl(),
        "quarkus.datasource.username", database.user(),
        "quarkus.datasource.password", database.password(),
        "mp.jwt.verify.publickey.location", keys.publicKeyFile().toUri().toString(),
        "mp.jwt.verify.issuer", JwtKeys.ISSUER);
  }

  @Override
  public void stop() {
    if (database != null) {
      database.close();
    }
  }
}
