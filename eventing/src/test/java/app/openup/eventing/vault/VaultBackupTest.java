package app.openup.eventing.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.openup.eventing.EventingDatabase;
import app.openup.eventing.KeyStoreDatabase;
import app.openup.eventing.store.AppendRequest;
import app.openup.eventing.store.EventCatalog;
import app.openup.eventing.store.EventStore;
import app.openup.eventing.store.ExpectedVersion;
import app.openup.eventing.store.NewEvent;
import app.openup.testkit.TestDatabase;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Crypto-shredding as promised: a backup of the event store taken before an erasure, restored after
 * it, does not bring the words back, because no key is in it.
 */
class VaultBackupTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
    return output;
  }

  @Test
  void aBackupOfTheEventStoreTakenBeforeAnErasureDoesNotBringTheWordsBack() throws Exception {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    MasterKey master = MasterKey.of("m-1", Base64.getEncoder().encodeToString(key));
    Path dump = Files.createTempFile("openup-backup", ".dump");
    Vertx vertx = Vertx.vertx();
    try (EventingDatabase events = new EventingDatabase("backup");
        KeyStoreDatabase keys = new KeyStoreDatabase("backup");
        TestDatabase restored = TestDatabase.create("restored")) {
      KeyStoreMove.moveKeys(events.pool(1), keys.pool(1)).await().atMost(WAIT);
      Vault vault = new Vault(keys.pool(2), master);
      EventStore store = new EventStore(events.pool(2), "tests");
      UUID alex = UUID.randomUUID();
      SealedText sealed = vault.encrypt(alex, "what I never said").await().atMost(WAIT);
      String stream = "need-" + UUID.randomUUID();
      store
          .append(
              new AppendRequest(
                  stream,
                  ExpectedVersion.noStream(),
                  UUID.randomUUID(),
                  alex.toString(),
                  List.of(
                      new NewEvent(
                          UUID.randomUUID(),
                          "shared",
                          1,
                          EventCatalog.json().writeValueAsString(new Shared(sealed)))),
                  null,
                  null))
          .await()
          .atMost(WAIT);

      PgConnectOptions server = events.server();
      String host = server.getHost();
      String port = Integer.toString(server.getPort());
      String user = events.database().user();
      run(
          "pg_dump",
          "-Fc",
          "-h",
          host,
          "-p",
          port,
          "-U",
          user,
          "-f",
          dump.toString(),
          events.database().name());
      assertFalse(
          run("pg_restore", "-l", dump.toString()).contains("vault_key"),
          "the event store's backup holds no key");

      vault.forget(alex).await().atMost(WAIT);

      run("pg_restore", "-h", host, "-p", port, "-U", user, "-d", restored.name(), dump.toString());
      Pool restoredPool =
          PgPool.pool(
              vertx,
              PgConnectOptions.fromUri(restored.reactiveUrl())
                  .setUser(restored.user())
                  .setPassword(restored.password()),
              new PoolOptions().setMaxSize(1));
      String payload =
          new EventStore(restoredPool, "tests")
              .load(stream)
              .await()
              .atMost(WAIT)
              .get(0)
              .payloadJson();
      SealedText fromBackup = EventCatalog.json().readValue(payload, Shared.class).why();
      assertEquals(sealed, fromBackup, "the restored event store holds the sealed words");
      Revealed after = vault.decrypt(alex, fromBackup).await().atMost(WAIT);
      restoredPool.close().await().atMost(WAIT);
      assertTrue(after.erased(), "the restored backup reads the words as erased");
    } finally {
      vertx.close().await().atMost(WAIT);
      Files.deleteIfExists(dump);
    }
  }

  record Shared(SealedText why) {}
}
