package app.openup.eventing.store;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one sending pass at a time. A call while a pass runs (another thread's append, a caller's
 * continuation that loads again, a group that failed at once) makes the running pass look once more
 * instead of nesting a second one.
 */
final class Drain {

  private final AtomicInteger calls = new AtomicInteger();

  void run(Runnable pass) {
    if (calls.getAndIncrement() != 0) {
      return;
    }
    do {
      pass.run();
    } while (calls.decrementAndGet() != 0);
  }
}
