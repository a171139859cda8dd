package app.openup.support.command;

import app.openup.eventing.vault.Vault;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Who was erased, as a service knows it: the vault's tombstone of their key (needs-service erases a
 * partner; the others forget the key when they read {@code PartnerErased}).
 */
@ApplicationScoped
public class VaultErasures implements ErasedPartners {

  private final Vault vault;

  public VaultErasures(Vault vault) {
    this.vault = vault;
  }

  @Override
  public Uni<Boolean> isErased(UUID partner) {
    return vault.isForgotten(partner);
  }
}
