package app.openup.support.command;

import io.smallrye.mutiny.Uni;
import java.util.UUID;

/**
 * Whether a partner was erased, as the service knows it (needs-service: its vault's tombstone; the
 * others: the {@code PartnerErased} events they consumed). A service provides one bean; every
 * request of an erased partner is then answered 410, except those marked {@code
 * AllowedAfterErasure}.
 */
public interface ErasedPartners {

  Uni<Boolean> isErased(UUID partner);
}
