package app.openup.support.command;

import app.openup.eventing.vault.SealedText;
import app.openup.eventing.vault.SubjectForgotten;
import app.openup.eventing.vault.Vault;
import io.smallrye.mutiny.Uni;
import java.util.UUID;

/**
 * A partner's words as a reader gets them: shown, or erased (the author was erased, their key is
 * gone; or the reader may no longer read them). Words a reader may not know of at all are not in
 * what they read.
 */
public record Words(String text, Visibility visibility) {

  public enum Visibility {
    SHOWN,
    ERASED
  }

  /** Words that read as erased. */
  public static final Words ERASED = new Words(null, Visibility.ERASED);

  /** The words {@code writer} sealed, decrypted with their key; null for no words. */
  public static Uni<Words> reveal(Vault vault, UUID writer, SealedText sealed) {
    if (sealed == null) {
      return Uni.createFrom().nullItem();
    }
    return vault
        .decrypt(writer, sealed)
        .map(revealed -> revealed.erased() ? ERASED : new Words(revealed.text(), Visibility.SHOWN));
  }

  /**
   * {@code text} sealed with its author's key (made on their first words); null for no text. An
   * erased author writes nothing: {@link PartnerErased}.
   */
  public static Uni<SealedText> seal(Vault vault, UUID author, String text) {
    if (text == null) {
      return Uni.createFrom().nullItem();
    }
    return vault
        .encrypt(author, text)
        .onFailure(SubjectForgotten.class)
        .transform(forgotten -> new PartnerErased());
  }
}
