package app.openup.eventing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InTurnTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void manyStepsThatCompleteAtOnceRunInOrderWithoutGrowingTheStack() {
    // A fold of 100,000 such steps into one chain overflows any default thread stack.
    List<Integer> items = IntStream.range(0, 100_000).boxed().toList();
    List<Integer> seen = new ArrayList<>();
    InTurn.each(items, item -> Uni.createFrom().item(item).invoke(seen::add)).await().atMost(WAIT);
    assertEquals(items, seen);
  }

  @Test
  void stepsThatAnswerNothingRunInOrderToo() {
    // A projection's steps are Uni<Void>: their null items never reach the stream, and each
    // step still waits for the one before.
    List<Integer> seen = new ArrayList<>();
    InTurn.each(
            List.of(1, 2, 3),
            item ->
                Uni.createFrom()
                    .voidItem()
                    .onItem()
                    .delayIt()
                    .by(Duration.ofMillis(10L * (4 - item)))
                    .invoke(() -> seen.add(item)))
        .await()
        .atMost(WAIT);
    assertEquals(List.of(1, 2, 3), seen);
  }

  @Test
  void theFirstFailureEndsItAndTheStepsAfterItDoNotRun() {
    List<Integer> seen = new ArrayList<>();
    IllegalStateException failure =
        assertThrows(
            IllegalStateException.class,
            () ->
                InTurn.each(
                        List.of(1, 2, 3),
                        item ->
                            item == 2
                                ? Uni.createFrom().failure(new IllegalStateException("two"))
                                : Uni.createFrom().item(item).invoke(seen::add))
                    .await()
                    .atMost(WAIT));
    assertEquals("two", failure.getMessage());
    assertEquals(List.of(1), seen);
  }

  @Test
  void nothingToDoCompletes() {
    InTurn.each(List.of(), item -> Uni.createFrom().voidItem()).await().atMost(WAIT);
  }
}
