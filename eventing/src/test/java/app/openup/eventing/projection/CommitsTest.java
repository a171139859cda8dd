package app.openup.eventing.projection;

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
}
