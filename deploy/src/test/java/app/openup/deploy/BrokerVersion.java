package app.openup.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Kafka version of the broker that local-kafka runs, from its classpath file. */
final class BrokerVersion {
  private BrokerVersion() {}

  static String ofLocalKafka() {
    try (InputStream in =
        ManifestChecks.class
            .getClassLoader()
            .getResourceAsStream("app/openup/localkafka/broker.classpath")) {
      if (in == null) {
        throw new IllegalStateException(
            "local-kafka's broker.classpath is not on the test classpath");
      }
      String classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Set<String> versions = new TreeSet<>();
      Matcher m =
          Pattern.compile("org/apache/kafka/[^/]+/([^/]+)/kafka")
              .matcher(classpath.replace('\\', '/'));
      while (m.find()) {
        versions.add(m.group(1));
      }
      if (versions.size() != 1) {
        throw new IllegalStateException("local-kafka's broker mixes Kafka versions " + versions);
      }
      return versions.iterator().next();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
