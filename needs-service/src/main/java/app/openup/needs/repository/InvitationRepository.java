package app.openup.needs.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.UUID;

/** Invitation codes, found by the hash of the code. */
@ApplicationScoped
public class InvitationRepository {

  /** A stored invitation. */
  public record Invitation(
      UUID coupleId, UUID invitationId, UUID invitedBy, String sealedCode, Instant expiresAt) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Pool pool;

  public InvitationRepository(Pool pool) {
    this.pool = pool;
  }

  /** A new unguessable code: 128 random bits, URL-safe. */
  public static String newCode() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public Uni<Void> save(String code, Invitation invitation) {
    return pool.preparedQuery(
            "insert into invitation (code_hash, couple_id, invitation_id, invited_by, sealed_code,"
                + " expires_at) values ($1, $2, $3, $4, $5, $6)")
        .execute(
            Tuple.of(
                    hash(code),
                    invitation.coupleId(),
                    invitation.invitationId(),
                    invitation.invitedBy())
                .addString(invitation.sealedCode())
                .addOffsetDateTime(
                    OffsetDateTime.ofInstant(invitation.expiresAt(), ZoneOffset.UTC)))
        .replaceWithVoid();
  }

  /** The invitation the code names, or null. */
  public Uni<Invitation> findByCode(String code) {
    return pool.preparedQuery(
            "select couple_id, invitation_id, invited_by, sealed_code, expires_at from invitation"
                + " where code_hash = $1")
        .execute(Tuple.of(hash(code)))
        .map(rows -> first(rows.iterator()));
  }

  public Uni<Invitation> findById(UUID invitationId) {
    return pool.preparedQuery(
            "select couple_id, invitation_id, invited_by, sealed_code, expires_at from invitation"
                + " where invitation_id = $1")
        .execute(Tuple.of(invitationId))
        .map(rows -> first(rows.iterator()));
  }

  /**
   * Removes codes that can no longer be used: expired ones at once; used or replaced ones (no
   * longer a couple's current invitation) a day after they were made, once no repeat of the request
   * that made them can ask for them again. Returns how many went.
   */
  public Uni<Integer> deleteUnusable() {
    return pool.query(
            "delete from invitation i where i.expires_at < now()"
                + " or (i.created_at < now() - interval '25 hours' and not exists"
                + " (select 1 from couple_row c where c.invitation_id = i.invitation_id))")
        .execute()
        .map(rows -> rows.rowCount());
  }

  public Uni<Void> delete(UUID invitationId) {
    return pool.preparedQuery("delete from invitation where invitation_id = $1")
        .execute(Tuple.of(invitationId))
        .replaceWithVoid();
  }

  private static Invitation first(Iterator<Row> rows) {
    if (!rows.hasNext()) {
      return null;
    }
    Row row = rows.next();
    return new Invitation(
        row.getUUID(0),
        row.getUUID(1),
        row.getUUID(2),
        row.getString(3),
        row.getOffsetDateTime(4).toInstant());
  }

  private static String hash(String code) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
