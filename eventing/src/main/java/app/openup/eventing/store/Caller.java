package app.openup.eventing.store;

import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

/**
 * Whoever waits for an append or a load. Its outcome is delivered on the Vert.x context it asked
 * from (a request's own context, with its trace and logging context), not on the context of
 * whichever request's statement carried the group; an exception thrown by its continuation is
 * logged and stops nobody else's outcome.
 */
final class Caller<T> {

  private static final Logger LOG = Logger.getLogger(Caller.class);

  private final UniEmitter<? super T> emitter;
  private final Context context = Vertx.currentContext();

  Caller(UniEmitter<? super T> emitter) {
    this.emitter = emitter;
  }

  void complete(T item) {
    deliver(() -> emitter.complete(item));
  }

  void fail(Throwable failure) {
    deliver(() -> emitter.fail(failure));
  }

  private void deliver(Runnable outcome) {
    if (context != null && context != Vertx.currentContext()) {
      context.runOnContext(ignored -> run(outcome));
    } else {
      run(outcome);
    }
  }

  private static void run(Runnable outcome) {
    try {
      outcome.run();
    } catch (RuntimeException e) {
      // The class only: a message could carry what the caller was handling.
      LOG.warnf("A caller of the event store failed on its outcome: %s", e.getClass().getName());
      LOG.debug("The caller's failure", e);
    }
  }
}
