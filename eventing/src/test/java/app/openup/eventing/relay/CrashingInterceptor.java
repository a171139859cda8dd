package app.openup.eventing.relay;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A fault for tests: on the Nth record the relay sends, kill the relay's database connection, as a
 * crashed pod would leave it: records sent, checkpoint not written.
 */
public class CrashingInterceptor implements ProducerInterceptor<Object, Object> {

  static final String CRASH_AT = "test.crash.at-record";
  static final String JDBC_URL = "test.crash.jdbc-url";
  static final String APPLICATION = "test.crash.application-name";

  private int crashAt;
  private String jdbcUrl;
  private String application;
  private int sent;

  @Override
  public void configure(Map<String, ?> configs) {
    crashAt = Integer.parseInt(configs.get(CRASH_AT).toString());
    jdbcUrl = configs.get(JDBC_URL).toString();
    application = configs.get(APPLICATION).toString();
  }

  @Override
  public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
    if (++sent == crashAt) {
      Properties user = new Properties();
      user.setProperty("user", "postgres");
      try (Connection connection = DriverManager.getConnection(jdbcUrl, user);
          PreparedStatement kill =
              connection.prepareStatement(
                  "select pg_terminate_backend(pid) from pg_stat_activity"
                      + " where application_name = ?")) {
        kill.setString(1, application);
        kill.execute();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
    return record;
  }

  @Override
  public void onAcknowledgement(RecordMetadata metadata, Exception exception) {}

  @Override
  public void close() {}
}
