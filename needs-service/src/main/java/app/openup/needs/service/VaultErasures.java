package app.openup.needs.service;

import app.openup.eventing.vault.Vault;
import app.openup.support.command.ErasedPartners;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Who was erased, as needs-service knows it: the vault's tombstone of their key. */
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
