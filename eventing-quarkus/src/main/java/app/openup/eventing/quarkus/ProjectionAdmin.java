package app.openup.eventing.quarkus;

import app.openup.eventing.projection.ProjectionRebuild.Progress;
import io.quarkus.logging.Log;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;

/**
 * The operator's handle on read models, on the management interface (its own port, never routed
 * from outside): {@code GET /q/projections} lists them with their active version (and a topic
 * projection's rebuild progress); {@code POST /q/projections/<name>/rebuild} rebuilds one beside
 * the live one, without downtime, answering 202 at once; the list then shows how far it is.
 */
@ApplicationScoped
public class ProjectionAdmin {

  private static final Duration REBUILD_AT_MOST = Duration.ofHours(6);

  private final TopicProjections topics;
  private final StoreProjections store;
  private final Instance<TopicProjection> topicProjections;
  private final Instance<StoreProjection> storeProjections;

  public ProjectionAdmin(
      TopicProjections topics,
      StoreProjections store,
      Instance<TopicProjection> topicProjections,
      Instance<StoreProjection> storeProjections) {
    this.topics = topics;
    this.store = store;
    this.topicProjections = topicProjections;
    this.storeProjections = storeProjections;
  }

  void routes(@Observes ManagementInterface management) {
    // Blocking handlers: they wait for the database, never on the event loop.
    management.router().get("/q/projections").blockingHandler(this::list);
    management.router().post("/q/projections/:name/rebuild").blockingHandler(this::rebuild);
  }

  private void list(RoutingContext context) {
    JsonArray all = new JsonArray();
    for (TopicProjection projection : topicProjections) {
      Progress progress = topics.progress(projection.name());
      JsonObject item =
          new JsonObject()
              .put("name", projection.name())
              .put("from", "topics")
              .put("topics", new JsonArray(projection.topics()))
              .put(
                  "activeVersion",
                  topics.activeVersion(projection.name()).await().atMost(Duration.ofSeconds(5)));
      if (progress != null) {
        item.put(
            "rebuild",
            new JsonObject()
                .put("version", progress.version())
                .put("processed", progress.processed())
                .put("total", progress.total())
                .put("switched", progress.switched()));
      }
      all.add(item);
    }
    for (StoreProjection projection : storeProjections) {
      all.add(
          new JsonObject()
              .put("name", projection.name())
              .put("from", "store")
              .put(
                  "activeVersion",
                  store.activeVersion(projection.name()).await().atMost(Duration.ofSeconds(5)))
              .put(
                  "behind", store.behind(projection.name()).await().atMost(Duration.ofSeconds(5))));
    }
    context.response().putHeader("content-type", "application/json").end(all.encode());
  }

  private void rebuild(RoutingContext context) {
    String name = context.pathParam("name");
    boolean topic = topicProjections.stream().anyMatch(p -> p.name().equals(name));
    boolean own = storeProjections.stream().anyMatch(p -> p.name().equals(name));
    if (!topic && !own) {
      context.response().setStatusCode(404).end();
      return;
    }
    (topic ? topics.rebuild(name, REBUILD_AT_MOST) : store.rebuild(name))
        .subscribe()
        .with(
            version -> Log.infof("Rebuild of %s: version %d is active", name, version),
            failure -> Log.errorf(failure, "Rebuild of %s failed; the live version stays", name));
    context
        .response()
        .setStatusCode(202)
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("rebuilding", name).encode());
  }
}
