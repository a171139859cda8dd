package app.openup.eventing.vault;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Crypto-shredding: each subject (a partner) has a data key (AES-256-GCM), stored wrapped by the
 * {@link MasterKey} in a key store: a database of its own ({@code db/vault}), apart from the event
 * store, so that no backup of the event store ever holds a key. Text is encrypted with its author's
 * key and bound to them (the subject is the associated data). {@link #forget} deletes the key:
 * every ciphertext of that subject, in the event store and in its backups, becomes unreadable at
 * once, and reads return {@link Revealed#ERASED}; backups of the key store itself still hold the
 * key until they expire, so give them a short retention.
 *
 * <p>Keys are read from the key store on each use rather than cached, so a key forgotten by one
 * instance is gone for all at once. {@link #rewrap} wraps every data key with the current master
 * key, after which older master keys can be retired.
 */
public final class Vault {

  private static final String FORMAT = "v1";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private static final String FORGOTTEN =
      "select 1 from vault_key where subject = $1 and forgotten_at is not null";
  private static final String FIND =
      "select master_key, wrapped_key from vault_key where subject = $1";
  private static final String CREATE =
      "insert into vault_key (subject, master_key, wrapped_key) values ($1, $2, $3)"
          + " on conflict (subject) do nothing";
  private static final String FORGET =
      "insert into vault_key (subject, master_key, wrapped_key, forgotten_at)"
          + " values ($1, null, null, now()) on conflict (subject) do update"
          + " set master_key = null, wrapped_key = null,"
          + " forgotten_at = coalesce(vault_key.forgotten_at, now())";

  private final Pool pool;
  private final MasterKey master;
  private final Map<String, MasterKey> masters = new HashMap<>();

  private static final String WRAPPED_BY_OLDER =
      "select subject, master_key, wrapped_key from vault_key"
          + " where wrapped_key is not null and master_key <> $1 limit 500";
  private static final String REWRAP =
      "update vault_key set master_key = $1, wrapped_key = $2"
          + " where subject = $3 and master_key = $4 and wrapped_key is not null";

  /**
   * @param pool the key store (a database of its own, with the {@code db/vault} schema)
   * @param master the key that wraps new data keys
   * @param older earlier master keys, still able to unwrap the data keys they wrapped
   */
  public Vault(Pool pool, MasterKey master, MasterKey... older) {
    this.pool = pool;
    this.master = master;
    for (MasterKey key : older) {
      masters.put(key.id(), key);
    }
    masters.put(master.id(), master);
  }

  /**
   * Encrypts the text with the subject's data key, creating the key on first use; fails with {@link
   * SubjectForgotten} once the subject was forgotten.
   */
  public Uni<SealedText> encrypt(UUID subject, String text) {
    return dataKey(subject, true)
        .map(
            key -> {
              if (key == null) {
                throw new SubjectForgotten();
              }
              return seal(subject, key, text);
            });
  }

  /** The text, or the erased marker if the subject was forgotten. */
  public Uni<Revealed> decrypt(UUID subject, SealedText sealed) {
    if (sealed == null) {
      return Uni.createFrom().nullItem();
    }
    return dataKey(subject, false)
        .map(key -> key == null ? Revealed.ERASED : Revealed.of(open(subject, key, sealed)));
  }

  /** Whether the subject was forgotten (erased). */
  public Uni<Boolean> isForgotten(UUID subject) {
    return pool.preparedQuery(FORGOTTEN).execute(Tuple.of(subject)).map(rows -> rows.size() > 0);
  }

  /**
   * Deletes the subject's data key and leaves a tombstone: all their text becomes unreadable,
   * everywhere, for good, and no new key is ever made for them.
   */
  public Uni<Void> forget(UUID subject) {
    return pool.preparedQuery(FORGET).execute(Tuple.of(subject)).replaceWithVoid();
  }

  /**
   * Wraps every data key that an older master key wrapped with the current one; returns how many.
   * Afterwards the older keys can be removed from configuration. Safe to run on several instances
   * at once (each key is re-wrapped once) and again (it finds nothing to do).
   */
  public Uni<Integer> rewrap() {
    return rewrapPage(0);
  }

  private Uni<Integer> rewrapPage(int doneSoFar) {
    return pool.preparedQuery(WRAPPED_BY_OLDER)
        .execute(Tuple.of(master.id()))
        .flatMap(
            rows -> {
              if (rows.size() == 0) {
                return Uni.createFrom().item(doneSoFar);
              }
              Uni<Integer> chain = Uni.createFrom().item(0);
              for (Row row : rows) {
                UUID subject = row.getUUID(0);
                String wrappedBy = row.getString(1);
                MasterKey older = masters.get(wrappedBy);
                if (older == null) {
                  return Uni.createFrom()
                      .failure(
                          new IllegalStateException(
                              "A data key is wrapped by master key "
                                  + wrappedBy
                                  + ", which this service is not configured with"));
                }
                byte[] raw =
                    decrypt(older.secretKey(), row.getBuffer(2).getBytes(), aad("key", subject));
                byte[] rewrapped = wrap(subject, new SecretKeySpec(raw, "AES"));
                chain =
                    chain.flatMap(
                        count ->
                            pool.preparedQuery(REWRAP)
                                .execute(
                                    Tuple.of(
                                        master.id(), wrapBuffer(rewrapped), subject, wrappedBy))
                                .map(updated -> count + updated.rowCount()));
              }
              return chain.flatMap(count -> rewrapPage(doneSoFar + count));
            });
  }

  /**
   * A keyed fingerprint of a request (HMAC-SHA256 under a key derived from the master key): what an
   * idempotency key is bound to. Keyed, so that the fingerprint of a request carrying a partner's
   * words reveals nothing of them to whoever reads the table. A master-key rotation changes it, so
   * a retry that spans a rotation is answered as another request.
   */
  public String fingerprint(String request) {
    try {
      javax.crypto.Mac derive = javax.crypto.Mac.getInstance("HmacSHA256");
      derive.init(master.secretKey());
      byte[] key = derive.doFinal("openup/request-fingerprint".getBytes(StandardCharsets.UTF_8));
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return "hmac:"
          + Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(mac.doFinal(request.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  private Uni<SecretKey> dataKey(UUID subject, boolean create) {
    return pool.preparedQuery(FIND)
        .execute(Tuple.of(subject))
        .flatMap(
            rows -> {
              if (rows.size() > 0 || !create) {
                return Uni.createFrom().item(unwrapFirst(subject, rows));
              }
              return pool.preparedQuery(CREATE)
                  .execute(Tuple.of(subject, master.id(), wrapBuffer(wrap(subject, newDataKey()))))
                  // Another writer (or a forget) may have been first: read whichever won.
                  .flatMap(ignored -> pool.preparedQuery(FIND).execute(Tuple.of(subject)))
                  .map(again -> unwrapFirst(subject, again));
            });
  }

  /** The subject's data key; null if they have none or were forgotten. */
  private SecretKey unwrapFirst(UUID subject, RowSet<Row> rows) {
    Iterator<Row> it = rows.iterator();
    if (!it.hasNext()) {
      return null;
    }
    Row row = it.next();
    if (row.getValue(1) == null) {
      return null;
    }
    MasterKey wrapping = masters.get(row.getString(0));
    if (wrapping == null) {
      throw new IllegalStateException(
          "A data key is wrapped by master key "
              + row.getString(0)
              + ", which this service is not configured with");
    }
    byte[] raw = decrypt(wrapping.secretKey(), row.getBuffer(1).getBytes(), aad("key", subject));
    return new SecretKeySpec(raw, "AES");
  }

  private byte[] wrap(UUID subject, SecretKey dataKey) {
    return encrypt(master.secretKey(), dataKey.getEncoded(), aad("key", subject));
  }

  private static SealedText seal(UUID subject, SecretKey key, String text) {
    byte[] sealed = encrypt(key, text.getBytes(StandardCharsets.UTF_8), aad("text", subject));
    return new SealedText(FORMAT + "." + Base64.getEncoder().encodeToString(sealed));
  }

  private static String open(UUID subject, SecretKey key, SealedText sealed) {
    String value = sealed.sealed();
    if (!value.startsWith(FORMAT + ".")) {
      throw new IllegalArgumentException("Not a sealed text of this vault");
    }
    byte[] bytes = Base64.getDecoder().decode(value.substring(FORMAT.length() + 1));
    return new String(decrypt(key, bytes, aad("text", subject)), StandardCharsets.UTF_8);
  }

  private static io.vertx.core.buffer.Buffer wrapBuffer(byte[] bytes) {
    return io.vertx.core.buffer.Buffer.buffer(bytes);
  }

  private static byte[] aad(String purpose, UUID subject) {
    return (purpose + ":" + subject).getBytes(StandardCharsets.UTF_8);
  }

  private static SecretKey newDataKey() {
    try {
      KeyGenerator generator = KeyGenerator.getInstance("AES");
      generator.init(256, RANDOM);
      return generator.generateKey();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES is not available", e);
    }
  }

  private static byte[] encrypt(SecretKey key, byte[] plain, byte[] aad) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad);
      byte[] sealed = cipher.doFinal(plain);
      return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Encryption failed", e);
    }
  }

  private static byte[] decrypt(SecretKey key, byte[] nonceAndSealed, byte[] aad) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonceAndSealed, 0, NONCE_BYTES));
      cipher.updateAAD(aad);
      return cipher.doFinal(nonceAndSealed, NONCE_BYTES, nonceAndSealed.length - NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Decryption failed: wrong key or tampered text");
    }
  }
}
