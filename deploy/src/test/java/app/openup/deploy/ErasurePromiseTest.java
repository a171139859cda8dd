package app.openup.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * An erasure is final once no backup holds the partner's key: deploy/README.md promises it in days,
 * and the production backups of the key stores keep that promise.
 */
class ErasurePromiseTest {

  private final Rendered production = Rendered.overlay("production");

  @Test
  void noKeyStoreBackupOutlivesTheDaysDeployReadmePromises() {
    String keys = keyStoresCluster();
    JsonNode plugin =
        production.find("Cluster", keys).orElseThrow().path("spec").path("plugins").get(0);
    JsonNode store =
        production
            .find("ObjectStore", plugin.path("parameters").path("barmanObjectName").asText())
            .orElseThrow();
    Duration window = days(store.path("spec").path("retentionPolicy").asText());
    Duration enforcedEvery =
        Duration.ofSeconds(
            store
                .path("spec")
                .path("instanceSidecarConfiguration")
                .path("retentionPolicyIntervalSeconds")
                .asLong(1800));
    Duration backupEvery =
        production.all("ScheduledBackup").stream()
            .filter(b -> keys.equals(b.path("spec").path("cluster").path("name").asText()))
            .map(b -> period(b.path("spec").path("schedule").asText()))
            .min(Duration::compareTo)
            .orElseThrow();
    // A key deleted now is in the backups taken before; they go once a backup taken after it is
    // older than the recovery window, and the next removal of expired backups has run.
    Duration longest = window.plus(backupEvery).plus(enforcedEvery);
    Duration promised = Duration.ofDays(Repository.promisedErasureDays());
    assertTrue(
        longest.compareTo(promised) <= 0,
        "a key stays in the key stores' backups up to " + longest + ", the promise is " + promised);
  }

  @Test
  void theKeyStoresAreBackedUpApartFromTheEventStoresAndForAShorterTime() {
    String keys = keyStoresCluster();
    String events =
        production
            .find("ConfigMap", "openup-platform")
            .orElseThrow()
            .path("data")
            .path("OPENUP_DB_HOST")
            .asText()
            .replace("-rw", "");
    JsonNode keysStore = storeOf(keys);
    JsonNode eventsStore = storeOf(events);
    assertTrue(!keys.equals(events), "the key stores have a cluster of their own");
    assertTrue(
        !keysStore
            .path("spec")
            .path("configuration")
            .path("destinationPath")
            .asText()
            .equals(
                eventsStore.path("spec").path("configuration").path("destinationPath").asText()),
        "the key stores' backups go to a place of their own");
    assertTrue(
        days(keysStore.path("spec").path("retentionPolicy").asText())
                .compareTo(days(eventsStore.path("spec").path("retentionPolicy").asText()))
            < 0,
        "the key stores' backups are kept for a shorter time than the event stores'");
  }

  @Test
  void aScheduleIsReadAsThePeriodBetweenTwoBackups() {
    assertEquals(Duration.ofHours(24), period("0 0 2 * * *"));
    assertEquals(Duration.ofHours(12), period("0 0 */12 * * *"));
  }

  private String keyStoresCluster() {
    return production
        .find("ConfigMap", "openup-platform")
        .orElseThrow()
        .path("data")
        .path("OPENUP_KEYS_DB_HOST")
        .asText()
        .replace("-rw", "");
  }

  private JsonNode storeOf(String cluster) {
    JsonNode plugin =
        production.find("Cluster", cluster).orElseThrow().path("spec").path("plugins").get(0);
    return production
        .find("ObjectStore", plugin.path("parameters").path("barmanObjectName").asText())
        .orElseThrow();
  }

  /** A Barman retention policy such as "6d" (days only here). */
  private static Duration days(String policy) {
    Matcher m = Pattern.compile("(\\d+)d").matcher(policy);
    if (!m.matches()) {
      throw new IllegalArgumentException("Not a retention in days: " + policy);
    }
    return Duration.ofDays(Long.parseLong(m.group(1)));
  }

  /**
   * The time between two runs of a CloudNativePG schedule (six fields, seconds first), for the
   * forms used here: at a fixed hour every day, or every N hours.
   */
  static Duration period(String schedule) {
    String[] f = schedule.trim().split("\\s+");
    if (f.length != 6 || !f[3].equals("*") || !f[4].equals("*") || !f[5].equals("*")) {
      throw new IllegalArgumentException("Not a daily schedule: " + schedule);
    }
    if (f[2].startsWith("*/")) {
      return Duration.ofHours(Long.parseLong(f[2].substring(2)));
    }
    if (f[2].matches("\\d+")) {
      return Duration.ofHours(24);
    }
    throw new IllegalArgumentException("Unsupported schedule: " + schedule);
  }
}
