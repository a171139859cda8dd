package app.openup.eventing.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CommitsTest {

  private static final Duration LONG = Duration.ofMinutes(5);
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static Commits fresh() {
    return Commits.of("test-" + UUID.randomUUID());
  }

  @Test
  void aWaiterWakesAtTheCommitNotAtItsBound() {
    Commits commits = fresh();
    CompletableFuture<Void> woken = commits.next().orAfter(LONG).subscribeAsCompletionStage();
    assertFalse(woken.isDone());

    commits.committed();

    // Well before the five-minute bound: the commit woke it.
    woken.orTimeout(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).join();
  }

  @Test
  void withoutACommitAWaiterLooksAgainAfterItsBound() {
    Commits commits = fresh();
    commits.next().orAfter(Duration.ofMillis(50)).await().atMost(WAIT);
  }

  @Test
  void aWaiterThatGaveUpDoesNotCancelTheCommitForTheOthers() {
    Commits commits = fresh();
    Commits.Signal commit = commits.next();
    commit.orAfter(Duration.ofMillis(10)).await().atMost(WAIT);
    CompletableFuture<Void> patient = commit.orAfter(LONG).subscribeAsCompletionStage();

    commits.committed();

    patient.orTimeout(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).join();
    assertTrue(patient.isDone() && !patient.isCompletedExceptionally());
  }

  @Test
  void aCommitBetweenTakingTheSignalAndWaitingIsNotMissed() {
    Commits commits = fresh();
    Commits.Signal taken = commits.next();

    commits.committed();

    assertTrue(taken.orAfter(LONG).subscribeAsCompletionStage().isDone());
  }

  @Test
  void waitersThatGaveUpLeaveSoAStalledProjectionHoldsNobody() {
    // A projection that commits nothing while reads keep looking: each look's wait ends at its
    // bound, and none of them stays registered (they once piled up until the heap ran out). The
    // reads look from several threads at once, as requests do, while the bounds run out on timer
    // threads: a waiter that joined just after its bound ended it once stayed behind.
    Commits commits = fresh();
    java.util.List<CompletableFuture<Void>> readers = new java.util.ArrayList<>();
    for (int reader = 0; reader < 4; reader++) {
      readers.add(
          CompletableFuture.runAsync(
              () -> {
                for (int look = 0; look < 1_000; look++) {
                  commits.next().orAfter(Duration.ofMillis(2)).await().atMost(WAIT);
                }
              }));
    }
    CompletableFuture.allOf(readers.toArray(CompletableFuture[]::new))
        .orTimeout(WAIT.toSeconds() * 6, java.util.concurrent.TimeUnit.SECONDS)
        .join();
    assertEquals(0, commits.waiting());
  }

  @Test
  void aCancelledWaiterLeaves() {
    Commits commits = fresh();
    io.smallrye.mutiny.subscription.Cancellable waiting =
        commits.next().orAfter(LONG).subscribe().with(ignored -> {});
    assertEquals(1, commits.waiting());

    waiting.cancel();

    assertEquals(0, commits.waiting());
  }

  @Test
  void everyWaiterWokenByACommitHasLeft() {
    Commits commits = fresh();
    java.util.List<CompletableFuture<Void>> woken = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) {
      woken.add(commits.next().orAfter(LONG).subscribeAsCompletionStage());
    }
    assertEquals(100, commits.waiting());

    commits.committed();

    CompletableFuture.allOf(woken.toArray(CompletableFuture[]::new))
        .orTimeout(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
        .join();
    assertEquals(0, commits.waiting());
  }

  @Test
  void aWaiterWithoutCommitsLooksAtGrowingIntervalsUpToTheLongest() {
    Duration pause = Commits.FALLBACK;
    java.util.List<Long> pauses = new java.util.ArrayList<>();
    for (int look = 0; look < 5; look++) {
      pauses.add(pause.toMillis());
      pause = Commits.backOff(pause);
    }
    assertEquals(java.util.List.of(100L, 200L, 400L, 800L, 800L), pauses);
  }
}
