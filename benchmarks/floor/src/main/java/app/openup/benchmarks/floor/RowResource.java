package app.openup.benchmarks.floor;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Inserts one row per request and answers 201 with its id: the least a command endpoint on this
 * stack does (parse JSON, one durable commit, write JSON), with none of the platform's work.
 */
@Path("/rows")
public class RowResource {

  /** The request: what a command carries, a few words. */
  public record NewRow(String text) {}

  public record Created(UUID id) {}

  private final Pool pool;

  public RowResource(Pool pool) {
    this.pool = pool;
  }

  void createTable(@Observes StartupEvent started) {
    pool.query(
            "create table if not exists floor_row ("
                + " id uuid primary key, body text not null, at timestamptz not null)")
        .execute()
        .await()
        .indefinitely();
  }

  @POST
  public Uni<Response> insert(NewRow row) {
    if (row == null || row.text() == null || row.text().isBlank()) {
      return Uni.createFrom().item(Response.status(Response.Status.BAD_REQUEST).build());
    }
    UUID id = UUID.randomUUID();
    return pool.preparedQuery("insert into floor_row (id, body, at) values ($1, $2, $3)")
        .execute(Tuple.of(id, row.text(), OffsetDateTime.now()))
        .map(done -> Response.status(Response.Status.CREATED).entity(new Created(id)).build());
  }
}
