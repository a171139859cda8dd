package app.openup.eventing.projection;

import io.smallrye.mutiny.Uni;

/**
 * A read model had not applied the event a consistency token names when the read's wait ran out.
 * What it holds would not show the caller's own write (a couple just joined would look unknown), so
 * the read answers "not yet, ask again" instead of an answer that looks true and is not. Nothing
 * was read or changed.
 */
public final class NotCaughtUp extends RuntimeException {

  public NotCaughtUp() {
    super(
        "The read model has not yet applied the event the consistency token names",
        null,
        false,
        false);
  }

  /** Goes on if the wait reached the token's event; otherwise fails with {@link NotCaughtUp}. */
  public static Uni<Void> unlessReached(Uni<Boolean> wait) {
    return wait.chain(
        reached ->
            reached ? Uni.createFrom().voidItem() : Uni.createFrom().failure(new NotCaughtUp()));
  }
}
