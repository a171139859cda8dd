package app.openup.eventing;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.function.Function;

/**
 * Runs a step per item, one after another, each starting when the one before has completed.
 *
 * <p>Not by folding the steps into one chain ({@code chain = chain.chain(...)} per item): a step
 * that completes at once (an entity Hibernate Reactive already holds, a mark already read) runs the
 * next one inside its own call, so the stack grows by a few dozen frames per item, and a batch of a
 * few hundred events overflowed a 512 KB thread stack; the transaction it was in was left open.
 * Mutiny's concatenation takes the next item in a loop instead, whatever the steps do.
 */
public final class InTurn {

  private InTurn() {}

  /** Completes when every item's step has, in order; fails with the first step that fails. */
  public static <T> Uni<Void> each(Iterable<T> items, Function<T, Uni<?>> step) {
    return Multi.createFrom()
        .iterable(items)
        .onItem()
        .transformToUniAndConcatenate(step)
        .collect()
        .last()
        .replaceWithVoid();
  }
}
