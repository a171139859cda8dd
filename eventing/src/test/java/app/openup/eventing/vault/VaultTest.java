package app.openup.eventing.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.openup.eventing.EventingDatabase;
import app.openup.eventing.KeyStoreDatabase;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class VaultTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private static KeyStoreDatabase db;
  private static MasterKey master;
  private static Vault vault;

  @BeforeAll
  static void start() {
    db = new KeyStoreDatabase("vault");
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    master = MasterKey.of("test-1", Base64.getEncoder().encodeToString(key));
    vault = new Vault(db.pool(2), master);
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void textComesBackAsWrittenAndIsNotReadableAtRest() throws Exception {
    UUID alex = UUID.randomUUID();
    String words = "I worry about money more than I say";
    SealedText sealed = vault.encrypt(alex, words).await().atMost(WAIT);

    assertFalse(sealed.sealed().contains("money"));
    assertFalse(sealed.toString().contains(sealed.sealed()), "ciphertext never prints");
    assertEquals(words, vault.decrypt(alex, sealed).await().atMost(WAIT).text());
    assertTrue(
        vault.encrypt(alex, words).await().atMost(WAIT).sealed() != null
            && !vault.encrypt(alex, words).await().atMost(WAIT).equals(sealed),
        "a fresh nonce each time");
    try (Connection connection = db.database().connect();
        ResultSet keys =
            connection
                .createStatement()
                .executeQuery(
                    "select wrapped_key, master_key from vault_key where master_key = 'test-1'")) {
      while (keys.next()) {
        assertEquals(12 + 32 + 16, keys.getBytes(1).length, "nonce, key, tag");
        assertEquals("test-1", keys.getString(2));
      }
    }
  }

  @Test
  void afterForgetTheStoredTextIsErasedForEveryInstance() {
    UUID sam = UUID.randomUUID();
    SealedText sealed = vault.encrypt(sam, "what I need is time").await().atMost(WAIT);
    Vault otherInstance = new Vault(db.pool(1), master);
    assertEquals(
        "what I need is time", otherInstance.decrypt(sam, sealed).await().atMost(WAIT).text());

    vault.forget(sam).await().atMost(WAIT);

    Revealed mine = vault.decrypt(sam, sealed).await().atMost(WAIT);
    Revealed theirs = otherInstance.decrypt(sam, sealed).await().atMost(WAIT);
    assertTrue(mine.erased());
    assertEquals(Revealed.ERASED_MARKER, mine.text());
    assertTrue(theirs.erased());
    // Nothing new is written for a forgotten subject: no new key could make them readable again.
    assertThrows(
        SubjectForgotten.class, () -> vault.encrypt(sam, "new words").await().atMost(WAIT));
    assertThrows(
        SubjectForgotten.class, () -> otherInstance.encrypt(sam, "new words").await().atMost(WAIT));
    assertTrue(vault.decrypt(sam, sealed).await().atMost(WAIT).erased());
    vault.forget(sam).await().atMost(WAIT);
  }

  @Test
  void aNewMasterKeyWrapsNewKeysWhileTheOldOneStillUnwrapsItsOwn() {
    UUID kim = UUID.randomUUID();
    SealedText before = vault.encrypt(kim, "written under key 1").await().atMost(WAIT);
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    MasterKey next = MasterKey.of("test-2", Base64.getEncoder().encodeToString(key));
    Vault rotated = new Vault(db.pool(1), next, master);
    UUID lee = UUID.randomUUID();
    SealedText after = rotated.encrypt(lee, "written under key 2").await().atMost(WAIT);

    assertEquals("written under key 1", rotated.decrypt(kim, before).await().atMost(WAIT).text());
    assertEquals("written under key 2", rotated.decrypt(lee, after).await().atMost(WAIT).text());
    assertThrows(IllegalStateException.class, () -> vault.decrypt(lee, after).await().atMost(WAIT));
  }

  @Test
  void textIsBoundToItsAuthorAndTamperingIsDetected() {
    UUID alex = UUID.randomUUID();
    UUID sam = UUID.randomUUID();
    SealedText sealed = vault.encrypt(alex, "only mine").await().atMost(WAIT);
    vault.encrypt(sam, "sam's").await().atMost(WAIT);
    assertThrows(
        IllegalStateException.class, () -> vault.decrypt(sam, sealed).await().atMost(WAIT));

    byte[] bytes = Base64.getDecoder().decode(sealed.sealed().substring(3));
    bytes[bytes.length - 1] ^= 1;
    SealedText tampered = new SealedText("v1." + Base64.getEncoder().encodeToString(bytes));
    IllegalStateException error =
        assertThrows(
            IllegalStateException.class, () -> vault.decrypt(alex, tampered).await().atMost(WAIT));
    assertFalse(error.getMessage().contains("only mine"));
  }

  @Test
  void rotationRewrapsEveryKeySoTheOldMasterKeyCanBeRetired() {
    UUID ana = UUID.randomUUID();
    UUID ben = UUID.randomUUID();
    UUID gone = UUID.randomUUID();
    SealedText anas = vault.encrypt(ana, "before the rotation").await().atMost(WAIT);
    SealedText bens = vault.encrypt(ben, "mine too").await().atMost(WAIT);
    vault.encrypt(gone, "forgotten").await().atMost(WAIT);
    vault.forget(gone).await().atMost(WAIT);
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    MasterKey next =
        MasterKey.of("rotated-" + UUID.randomUUID(), Base64.getEncoder().encodeToString(key));

    int rewrapped = new Vault(db.pool(1), next, master).rewrap().await().atMost(WAIT);
    assertTrue(rewrapped >= 2, "every live key re-wrapped: " + rewrapped);
    assertEquals(0, new Vault(db.pool(1), next, master).rewrap().await().atMost(WAIT));

    Vault retired = new Vault(db.pool(1), next);
    assertEquals("before the rotation", retired.decrypt(ana, anas).await().atMost(WAIT).text());
    assertEquals("mine too", retired.decrypt(ben, bens).await().atMost(WAIT).text());
    assertTrue(retired.decrypt(gone, anas).await().atMost(WAIT).erased(), "a tombstone stays one");
    // Put the keys back under the key the other tests use.
    new Vault(db.pool(1), master, next).rewrap().await().atMost(WAIT);
  }

  @Test
  void keysKeptInTheEventStoreByEarlierVersionsMoveToTheKeyStore() throws Exception {
    try (EventingDatabase events = new EventingDatabase("vault_move")) {
      Vault old = new Vault(events.pool(1), master);
      UUID kept = UUID.randomUUID();
      UUID erased = UUID.randomUUID();
      SealedText words = old.encrypt(kept, "kept words").await().atMost(WAIT);
      old.encrypt(erased, "erased words").await().atMost(WAIT);
      old.forget(erased).await().atMost(WAIT);
      SealedText lost =
          vault.encrypt(erased, "written in the key store before").await().atMost(WAIT);

      assertEquals(2, KeyStoreMove.moveKeys(events.pool(1), db.pool(1)).await().atMost(WAIT));
      assertEquals(0, KeyStoreMove.moveKeys(events.pool(1), db.pool(1)).await().atMost(WAIT));
      try (Connection connection = events.jdbc();
          ResultSet table =
              connection.createStatement().executeQuery("select to_regclass('vault_key')")) {
        table.next();
        assertEquals(null, table.getString(1), "no key is left in the event store's database");
      }
      assertEquals("kept words", vault.decrypt(kept, words).await().atMost(WAIT).text());
      assertTrue(vault.decrypt(erased, lost).await().atMost(WAIT).erased(), "the tombstone won");
    }
  }

  @Test
  void aMasterKeyIsThirtyTwoBytesAndNeverPrints() {
    assertThrows(IllegalArgumentException.class, () -> MasterKey.of("short", "c2hvcnQ="));
    assertEquals("MasterKey[test-1]", master.toString());
  }
}
