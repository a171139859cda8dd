package app.openup.eventing.quarkus;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Runs reactive work on a fresh duplicated Vert.x context marked safe: Hibernate Reactive keeps its
 * session on the context, so work that does not come from a request (a scheduled turn, a consumer,
 * a rebuild on a worker thread) gets a session of its own.
 *
 * <p>The answer always comes: work that throws instead of failing its {@code Uni} fails the answer
 * (on the context it would have gone to Vert.x's handler, and the caller, a consumer's batch, would
 * wait for ever). A caller that stops waiting does not cancel the work: a transaction cut off
 * half-way could leave its connection open in the middle of it; the work ends on its own.
 */
public final class OwnContext {

  private OwnContext() {}

  public static <T> Uni<T> run(Vertx vertx, Supplier<Uni<T>> work) {
    Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
    return Uni.createFrom()
        .emitter(
            emitter ->
                context.runOnContext(
                    ignored -> {
                      try {
                        VertxContextSafetyToggle.setCurrentContextSafe(true);
                        work.get().subscribe().with(emitter::complete, emitter::fail);
                      } catch (RuntimeException thrown) {
                        emitter.fail(thrown);
                      }
                    }));
  }
}
