package app.openup.support.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.pgclient.PgException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ProblemMapperTest {

  @Test
  void aDatabaseOutOfConnectionSlotsIsUnavailableNotAnIncident() {
    // PostgreSQL's words when every slot of max_connections is taken (met by the platform
    // benchmark), wrapped as the pool hands it on.
    Throwable full =
        new CompletionException(
            new PgException("sorry, too many clients already", "FATAL", "53300", null));
    Throwable starting =
        new PgException("the database system is starting up", "FATAL", "57P03", null);

    assertTrue(ProblemMapper.connectionRefused(full));
    assertTrue(ProblemMapper.connectionRefused(starting));

    Response answer = ProblemMapper.connectionRefused();
    assertEquals(503, answer.getStatus());
    assertEquals("1", answer.getHeaderString(HttpHeaders.RETRY_AFTER));
    assertEquals(Problem.BASE + "unavailable", ((Problem) answer.getEntity()).type().toString());
  }

  @Test
  void aDatabaseConnectionCutUnderACommandIsUnavailableNotAnIncident() {
    // What the reactive client's socket write threw when the system tests cut the database's
    // connections under a share (FaultsSystemTest), and the other ways a connection ends.
    assertTrue(
        ProblemMapper.connectionLost(new CompletionException(new IOException("Broken pipe"))));
    assertTrue(ProblemMapper.connectionLost(new IOException("Connection reset by peer")));
    assertTrue(ProblemMapper.connectionLost(io.vertx.sqlclient.ClosedConnectionException.INSTANCE));
    assertFalse(ProblemMapper.connectionLost(new IOException("No space left on device")));
    assertFalse(ProblemMapper.connectionLost(new IllegalStateException("Broken pipe")));

    Response answer = ProblemMapper.connectionLost();
    assertEquals(503, answer.getStatus());
    assertEquals("1", answer.getHeaderString(HttpHeaders.RETRY_AFTER));
    assertEquals(Problem.BASE + "unavailable", ((Problem) answer.getEntity()).type().toString());
  }

  @Test
  void otherDatabaseErrorsAreNotMistakenForIt() {
    assertFalse(
        ProblemMapper.connectionRefused(
            new PgException("duplicate key value", "ERROR", "23505", null)));
    assertFalse(ProblemMapper.connectionRefused(new IllegalStateException("boom")));
  }
}
