package app.openup.eventing.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.openup.eventing.EventingDatabase;
import app.openup.eventing.domain.Decider;
import app.openup.eventing.domain.RuleViolation;
import app.openup.eventing.store.EventSourcedRepository.Handled;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The repository's state cache is only ever a guess: two instances (two repositories, two pools)
 * write the same streams, and every outcome must be the one a fresh read would have given.
 */
class EventSourcedRepositoryTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int LIMIT = 10;

  /** A tally that may not go above {@value #LIMIT}. */
  sealed interface Change {}

  record Added(int amount) implements Change {}

  record Removed(int amount) implements Change {}

  /** The commands are the events themselves: add or remove an amount. */
  static final class Tally implements Decider<Change, Integer, Change> {
    @Override
    public Integer initialState() {
      return 0;
    }

    @Override
    public Integer evolve(Integer total, Change change) {
      return change instanceof Added added ? total + added.amount() : total - amountOf(change);
    }

    @Override
    public List<Change> decide(Change command, Integer total) {
      if (command instanceof Added added && total + added.amount() > LIMIT) {
        throw new RuleViolation("AtMostTen", "the tally may not go above " + LIMIT);
      }
      return List.of(command);
    }

    private static int amountOf(Change change) {
      return ((Removed) change).amount();
    }
  }

  private static final EventCatalog<Change> CATALOG =
      EventCatalog.builder(Change.class)
          .event(Added.class, "added", 1)
          .event(Removed.class, "removed", 1)
          .build();

  private static EventingDatabase db;
  private static EventSourcedRepository<Change, Integer, Change> cached;
  private static EventSourcedRepository<Change, Integer, Change> other;

  @BeforeAll
  static void start() {
    db = new EventingDatabase("repository_cache");
    cached =
        new EventSourcedRepository<>(
            new EventStore(db.pool(2), "tests"), CATALOG, new Tally(), 1_000);
    other = new EventSourcedRepository<>(new EventStore(db.pool(2), "tests"), CATALOG, new Tally());
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  private static Handled<Integer, Change> handle(
      EventSourcedRepository<Change, Integer, Change> repository,
      String stream,
      Long ifMatch,
      Change command) {
    return repository
        .handle(
            StreamCommand.of(stream, command)
                .ifMatch(ifMatch)
                .partitionKey(UUID.randomUUID())
                .actor("tests"))
        .await()
        .atMost(WAIT);
  }

  @Test
  void aRetriedKeyGetsItsFirstOutcomeOnEitherInstanceThoughTheRuleWouldNowRefuse() {
    String stream = "tally-" + UUID.randomUUID();
    String key = "partner-1/add/" + UUID.randomUUID();
    Handled<Integer, Change> first =
        cached
            .handle(
                StreamCommand.<Change>of(stream, new Added(8))
                    .partitionKey(UUID.randomUUID())
                    .actor("tests")
                    .idempotency(key, null))
            .await()
            .atMost(WAIT);

    // The reply was lost and the client sends the same command again: 8 + 8 would break the
    // rule, but this is the same command, and it gets what it got the first time.
    for (EventSourcedRepository<Change, Integer, Change> instance : List.of(cached, other)) {
      Handled<Integer, Change> again =
          instance
              .handle(
                  StreamCommand.<Change>of(stream, new Added(8))
                      .partitionKey(UUID.randomUUID())
                      .actor("tests")
                      .idempotency(key, null))
              .await()
              .atMost(WAIT);
      assertTrue(again.result().repeated());
      assertEquals(first.result().toVersion(), again.result().toVersion());
      assertEquals(List.of(), again.events());
      assertEquals(8, again.state());
    }
    assertEquals(1, other.load(stream).await().atMost(WAIT).version());
  }

  @Test
  void aStateThatWentStaleIsCaughtByTheAppendAndTheCommandIsDecidedAgain() {
    String stream = "tally-" + UUID.randomUUID();
    handle(cached, stream, null, new Added(1));
    handle(cached, stream, null, new Added(1));
    handle(other, stream, null, new Added(5));

    Handled<Integer, Change> handled = handle(cached, stream, null, new Added(1));

    assertEquals(4, handled.result().toVersion());
    assertEquals(8, handled.state(), "decided on the stream as it is, not as remembered");
    assertEquals(8, other.load(stream).await().atMost(WAIT).state());
  }

  @Test
  void aRefusalOnARememberedStateIsCheckedAgainstTheStream() {
    String stream = "tally-" + UUID.randomUUID();
    handle(cached, stream, null, new Added(8));
    handle(other, stream, null, new Removed(5));

    // Remembered: 8 + 5 would break the rule. The stream holds 3: 3 + 5 keeps it.
    Handled<Integer, Change> handled = handle(cached, stream, null, new Added(5));

    assertEquals(3, handled.result().toVersion());
    assertEquals(8, handled.state());
  }

  @Test
  void aRefusalThatStandsOnTheStreamIsStillARefusal() {
    String stream = "tally-" + UUID.randomUUID();
    handle(cached, stream, null, new Added(8));

    RuleViolation refused =
        assertThrows(RuleViolation.class, () -> handle(cached, stream, null, new Added(3)));

    assertEquals("AtMostTen", refused.rule());
    assertEquals(1, cached.load(stream).await().atMost(WAIT).version());
  }

  @Test
  void anIfMatchIsAnsweredWithTheStreamsVersionNotTheRememberedOne() {
    String stream = "tally-" + UUID.randomUUID();
    handle(cached, stream, null, new Added(1));
    handle(other, stream, null, new Added(1));

    ConcurrencyConflict conflict =
        assertThrows(ConcurrencyConflict.class, () -> handle(cached, stream, 1L, new Added(1)));
    assertEquals(2, conflict.actualVersion());

    // The client read version 2 elsewhere; the remembered state is at 1 and is not used.
    Handled<Integer, Change> handled = handle(cached, stream, 2L, new Added(1));
    assertEquals(3, handled.result().toVersion());
    assertEquals(3, handled.state());
  }
}
