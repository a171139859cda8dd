package app.openup.eventing.relay;

import app.openup.eventing.store.EventStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.postgresql.Driver;

/**
 * Listens for the event store's commit notifications on a connection of its own, through the Vert.x
 * PostgreSQL client, which hands over each notification as it arrives. (PgJDBC's {@code
 * getNotifications(timeout)} keeps reading while notifications follow each other within a
 * millisecond, so at a steady thousand commits per second it returned tens of milliseconds late.)
 * The listener reconnects by itself; while it is down the relay still looks every {@link
 * RelayOptions#idlePoll()}: a notification only makes it quicker.
 */
final class CommitListener {

  private static final Logger LOG = Logger.getLogger(CommitListener.class);

  private final RelayOptions options;
  private final Vertx vertx;
  private final boolean ownsVertx;
  private final PgConnectOptions connection;
  private final Runnable onCommit;
  private volatile PgSubscriber subscriber;
  private volatile boolean listening;
  private volatile boolean closed;

  /**
   * @param shared the application's Vert.x (Quarkus's, in a service), or null for one event loop of
   *     the listener's own
   */
  CommitListener(RelayOptions options, Vertx shared, Runnable onCommit) {
    this.options = options;
    this.onCommit = onCommit;
    this.connection = connectionOf(options);
    this.ownsVertx = shared == null;
    this.vertx =
        shared != null
            ? shared
            : Vertx.vertx(
                new io.vertx.core.VertxOptions()
                    .setEventLoopPoolSize(1)
                    .setWorkerPoolSize(1)
                    .setInternalBlockingPoolSize(1));
  }

  boolean isListening() {
    return listening;
  }

  void start() {
    if (closed) {
      return;
    }
    // A subscriber of its own per attempt: once connected it reconnects by itself, but a first
    // connection that failed is never tried again by it.
    PgSubscriber attempt =
        PgSubscriber.subscriber(vertx, connection)
            .reconnectPolicy(retries -> options.retryBackoff().toMillis());
    attempt
        .channel(EventStore.NOTIFY_CHANNEL)
        .subscribeHandler(subscribed -> listening = true)
        .handler(payload -> onCommit.run());
    attempt.closeHandler(ignored -> listening = false);
    subscriber = attempt;
    attempt.connect(
        connected -> {
          if (connected.failed() && !closed) {
            LOG.warnf(
                connected.cause(),
                "Relay %s cannot listen for commits; it looks every %s until it can",
                options.name(),
                options.idlePoll());
            attempt.close();
            vertx.setTimer(options.retryBackoff().toMillis(), timer -> start());
          }
        });
  }

  /**
   * Closes the listening connection and, if the listener owns it, its Vert.x. Both are awaited
   * here, off the event loop: the connection closes on the loop, and stopping the loop before it
   * has would leave its last steps nowhere to run (Netty logs them as rejected); Vert.x must not be
   * closed from a task of its own loop.
   */
  void close() {
    closed = true;
    PgSubscriber current = subscriber;
    Future<Void> listenerClosed = current != null ? current.close() : Future.succeededFuture();
    if (!ownsVertx) {
      return;
    }
    awaitQuietly(listenerClosed);
    awaitQuietly(vertx.close());
  }

  private void awaitQuietly(Future<Void> closing) {
    try {
      closing.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.debugf(e, "Relay %s: listener not closed cleanly", options.name());
    }
  }

  /** The relay's database, from its JDBC URL, for the listening connection. */
  private static PgConnectOptions connectionOf(RelayOptions options) {
    Properties url = Driver.parseURL(options.jdbcUrl(), new Properties());
    if (url == null) {
      throw new IllegalArgumentException("The relay's database URL is not a PostgreSQL JDBC URL");
    }
    String user = options.user() != null ? options.user() : url.getProperty("user");
    String password = options.password() != null ? options.password() : url.getProperty("password");
    PgConnectOptions connect =
        new PgConnectOptions()
            .setHost(url.getProperty("PGHOST").split(",")[0])
            .setPort(Integer.parseInt(url.getProperty("PGPORT").split(",")[0]))
            .setDatabase(url.getProperty("PGDBNAME"))
            .setUser(user)
            .setPassword(password == null ? "" : password)
            // It only listens: keepalives notice a connection that died without a word.
            .setTcpKeepAlive(true);
    String sslMode = url.getProperty("sslmode");
    if (sslMode != null) {
      connect.setSslMode(SslMode.of(sslMode));
    }
    return connect;
  }
}
