package app.openup.testkit;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * A fresh PostgreSQL database for one test run, dropped on close.
 *
 * <p>The server comes from the usual libpq variables {@code PGHOST}, {@code PGPORT}, {@code PGUSER}
 * and {@code PGPASSWORD}, defaulting to the build machines' 127.0.0.1:5432 as {@code postgres} with
 * trust authentication. If no server answers, creation fails at once with a message that says what
 * to start.
 */
public final class TestDatabase implements AutoCloseable {

  private static final int CONNECT_TIMEOUT_SECONDS = 5;

  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private final String name;

  private TestDatabase(String host, int port, String user, String password, String name) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.name = name;
  }

  /** Creates a database named after {@code purpose} plus a random suffix. */
  public static TestDatabase create(String purpose) {
    String host = env("PGHOST", "127.0.0.1");
    int port = Integer.parseInt(env("PGPORT", "5432"));
    String user = env("PGUSER", "postgres");
    String password = env("PGPASSWORD", "");
    byte[] suffix = new byte[4];
    new SecureRandom().nextBytes(suffix);
    String slug = purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    String name =
        "openup_test_"
            + slug.substring(0, Math.min(slug.length(), 40))
            + "_"
            + HexFormat.of().formatHex(suffix);
    TestDatabase database = new TestDatabase(host, port, user, password, name);
    database.admin("CREATE DATABASE " + name);
    return database;
  }

  /**
   * Creates each named database that does not exist yet, on the server the environment names; used
   * by {@code ./run.sh} for the services' own databases. With {@code --recreate} first, each is
   * dropped and created empty: {@code ./run.sh} does that on a checkout's first run, when the
   * databases hold what another checkout wrote under its own vault master key and Kafka log.
   */
  public static void main(String[] args) {
    boolean recreate = args.length > 0 && args[0].equals("--recreate");
    ensure(Arrays.asList(args).subList(recreate ? 1 : 0, args.length), recreate);
  }

  /**
   * Creates each named database that does not exist yet (with {@code recreate}, drops each first),
   * on the server the environment names.
   */
  public static void ensure(List<String> names, boolean recreate) {
    admin(
        names,
        (statement, name) -> {
          if (recreate) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
          }
          if (!statement
              .executeQuery("select 1 from pg_database where datname = '" + name + "'")
              .next()) {
            statement.execute("CREATE DATABASE " + name);
            System.out.println("Created database " + name);
          }
        });
  }

  /** Drops each named database, closing its connections. */
  public static void drop(List<String> names) {
    admin(
        names,
        (statement, name) ->
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
  }

  private interface NamedStatement {
    void run(Statement statement, String name) throws SQLException;
  }

  private static void admin(List<String> names, NamedStatement work) {
    for (String name : names) {
      if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
        throw new IllegalArgumentException("Not a plain database name: " + name);
      }
      TestDatabase database =
          new TestDatabase(
              env("PGHOST", "127.0.0.1"),
              Integer.parseInt(env("PGPORT", "5432")),
              env("PGUSER", "postgres"),
              env("PGPASSWORD", ""),
              name);
      try (Connection connection =
              DriverManager.getConnection(database.adminUrl(), database.properties());
          Statement statement = connection.createStatement()) {
        work.run(statement, name);
      } catch (SQLException e) {
        throw new IllegalStateException(
            "PostgreSQL at " + database.host + ":" + database.port + ": " + e.getMessage(), e);
      }
    }
  }

  public String name() {
    return name;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + name;
  }

  public String reactiveUrl() {
    return "postgresql://" + host + ":" + port + "/" + name;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  /** Opens a JDBC connection to this database, for assertions on what a test wrote. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), properties());
  }

  @Override
  public void close() {
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private void admin(String sql) {
    try (Connection connection = DriverManager.getConnection(adminUrl(), properties());
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      if ("08001".equals(e.getSQLState()) || "08004".equals(e.getSQLState())) {
        throw new IllegalStateException(
            "No PostgreSQL answers at "
                + host
                + ":"
                + port
                + " as user "
                + user
                + " ("
                + e.getMessage()
                + "). Start PostgreSQL (on Debian: pg_ctlcluster --skip-systemctl-redirect"
                + " <version> main start) or point PGHOST, PGPORT, PGUSER and PGPASSWORD at one.",
            e);
      }
      throw new IllegalStateException("Could not run '" + sql + "': " + e.getMessage(), e);
    }
  }

  private String adminUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/postgres";
  }

  private Properties properties() {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    if (!password.isEmpty()) {
      properties.setProperty("password", password);
    }
    properties.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
    properties.setProperty("loginTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
    return properties;
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
