package app.openup.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a PostgreSQL cluster's backups stay restorable, from its Barman Cloud ObjectStore (the
 * recovery window, how often expired backups are removed) and its ScheduledBackups.
 */
final class BackupRetention {

  private static final Duration DEFAULT_RETENTION_INTERVAL = Duration.ofSeconds(1800);

  private BackupRetention() {}

  /**
   * How long after it is taken a state of the cluster can still be restored, at most: it stays
   * within the recovery window until the first base backup after it is older than the window, and
   * the older backups go at the next removal of expired backups. Empty if the cluster has no
   * ObjectStore or no ScheduledBackup (the {@code [backups]} check says so).
   */
  static Optional<Duration> restorableFor(Rendered rendered, String cluster) {
    Optional<JsonNode> store =
        rendered
            .find("Cluster", cluster)
            .map(c -> c.path("spec").path("plugins"))
            .flatMap(
                plugins -> {
                  for (JsonNode p : plugins) {
                    if (ManifestChecks.BARMAN_PLUGIN.equals(p.path("name").asText())) {
                      return Optional.of(p.path("parameters").path("barmanObjectName").asText());
                    }
                  }
                  return Optional.empty();
                })
            .flatMap(name -> rendered.find("ObjectStore", name));
    Optional<Duration> backupEvery =
        rendered.all("ScheduledBackup").stream()
            .filter(b -> cluster.equals(b.path("spec").path("cluster").path("name").asText()))
            .map(b -> period(b.path("spec").path("schedule").asText()))
            .min(Duration::compareTo);
    if (store.isEmpty() || backupEvery.isEmpty()) {
      return Optional.empty();
    }
    Duration window = days(store.get().path("spec").path("retentionPolicy").asText());
    JsonNode interval =
        store
            .get()
            .path("spec")
            .path("instanceSidecarConfiguration")
            .path("retentionPolicyIntervalSeconds");
    Duration enforcedEvery =
        interval.isMissingNode()
            ? DEFAULT_RETENTION_INTERVAL
            : Duration.ofSeconds(interval.asLong());
    return Optional.of(window.plus(backupEvery.get()).plus(enforcedEvery));
  }

  /** A Barman retention policy such as "6d" (days only here). */
  static Duration days(String policy) {
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
