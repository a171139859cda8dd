package app.openup.eventing.quarkus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OwnContextTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void theWorkRunsOnAFreshDuplicatedContextOfItsOwn() {
    Context first =
        OwnContext.run(vertx, () -> Uni.createFrom().item(Vertx::currentContext))
            .await()
            .atMost(WAIT);
    Context second =
        OwnContext.run(vertx, () -> Uni.createFrom().item(Vertx::currentContext))
            .await()
            .atMost(WAIT);
    assertTrue(VertxContext.isDuplicatedContext(first));
    assertTrue(first != second, "each run has a context (and so a Hibernate session) of its own");
  }

  @Test
  void workThatThrowsInsteadOfFailingFailsTheAnswerRatherThanLeavingItPending() {
    // Thrown on the context, the exception once went to Vert.x's handler and the answer never
    // came: a consumer waiting on it would have waited for ever.
    Uni<String> answer =
        OwnContext.run(
            vertx,
            () -> {
              throw new IllegalStateException("thrown, not failed");
            });
    IllegalStateException failure =
        assertThrows(IllegalStateException.class, () -> answer.await().atMost(WAIT));
    assertEquals("thrown, not failed", failure.getMessage());
  }
}
