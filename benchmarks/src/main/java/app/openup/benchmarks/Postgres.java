package app.openup.benchmarks;

import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The PostgreSQL server, named by the usual libpq variables {@code PGHOST}, {@code PGPORT}, {@code
 * PGUSER} and {@code PGPASSWORD}, defaulting to 127.0.0.1:5432 as {@code postgres} with trust
 * authentication, as in the tests.
 */
record Postgres(String host, int port, String user, String password) {

  static Postgres fromEnvironment() {
    return new Postgres(
        env("PGHOST", "127.0.0.1"),
        Integer.parseInt(env("PGPORT", "5432")),
        env("PGUSER", "postgres"),
        env("PGPASSWORD", ""));
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  /** Options for the reactive client, pipelined as the services use it. */
  PgConnectOptions reactive(String database) {
    return new PgConnectOptions()
        .setHost(host)
        .setPort(port)
        .setDatabase(database)
        .setUser(user)
        .setPassword(password)
        .setPipeliningLimit(256)
        .setCachePreparedStatements(true);
  }

  Connection connect(String database) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    if (!password.isEmpty()) {
      properties.setProperty("password", password);
    }
    properties.setProperty("connectTimeout", "5");
    return DriverManager.getConnection(jdbcUrl(database), properties);
  }

  void execute(String database, String sql) {
    try (Connection connection = connect(database);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not run '" + sql + "': " + e.getMessage(), e);
    }
  }

  /** The rows a table holds, as any other connection sees them: committed rows only. */
  long countRows(String database, String table) {
    try (Connection connection = connect(database);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("select count(*) from " + table)) {
      result.next();
      return result.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not count " + table + ": " + e.getMessage(), e);
    }
  }

  void createDatabase(String name) {
    execute("postgres", "create database " + name);
  }

  void dropDatabase(String name) {
    execute("postgres", "drop database if exists " + name + " with (force)");
  }

  String serverVersion() {
    try (Connection connection = connect("postgres");
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("show server_version")) {
      result.next();
      return result.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "No PostgreSQL answers at " + host + ":" + port + " as " + user + ": " + e.getMessage(),
          e);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
