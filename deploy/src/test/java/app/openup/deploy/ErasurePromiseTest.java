package app.openup.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.openup.deploy.Repository.ErasurePromise;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What deploy/README.md promises of an erasure, held to the production overlay. An erased partner's
 * wrapped key can linger in the key store's dead rows, WAL and backups, readable only with the
 * master key that wrapped it; so an erasure is final everywhere once that master key is destroyed:
 * at the next rotation, plus the days the old key is kept for the key store's backups that still
 * need it.
 */
class ErasurePromiseTest {

  private final Rendered production = Rendered.overlay("production");
  private final ErasurePromise promise = Repository.erasurePromise();

  @Test
  void anErasureIsFinalOneRotationPeriodPlusTheOldKeysDaysAfterItIsMade() {
    assertEquals(
        promise.rotateEvery() + promise.oldKeyKept(),
        promise.finalWithin(),
        "deploy/README.md: rotate every "
            + promise.rotateEvery()
            + " days, keep the old key "
            + promise.oldKeyKept()
            + " days, final within "
            + promise.finalWithin());
  }

  @Test
  void noKeyStoreBackupNeedsTheOldMasterKeyLongerThanTheReadmeKeepsIt() {
    // A rotation re-wraps every live key; a state of the key store from before it can be restored
    // (and needs the old key) until the first base backup after it is older than the recovery
    // window and the next removal of expired backups has run.
    Duration restorable =
        BackupRetention.restorableFor(production, keyStoresCluster()).orElseThrow();
    Duration kept = Duration.ofDays(promise.oldKeyKept());
    assertTrue(
        restorable.compareTo(kept) <= 0,
        "a key-store backup is restorable up to " + restorable + ", the old key is kept " + kept);
  }

  @Test
  void theKeyStoresAreBackedUpApartFromTheEventStoresAndForAShorterTime() {
    String keys = keyStoresCluster();
    String events = clusterOf("OPENUP_DB_HOST");
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
        BackupRetention.days(keysStore.path("spec").path("retentionPolicy").asText())
                .compareTo(
                    BackupRetention.days(eventsStore.path("spec").path("retentionPolicy").asText()))
            < 0,
        "the key stores' backups are kept for a shorter time than the event stores'");
  }

  @Test
  void aScheduleIsReadAsThePeriodBetweenTwoBackups() {
    assertEquals(Duration.ofHours(24), BackupRetention.period("0 0 2 * * *"));
    assertEquals(Duration.ofHours(12), BackupRetention.period("0 0 */12 * * *"));
  }

  private String keyStoresCluster() {
    return clusterOf("OPENUP_KEYS_DB_HOST");
  }

  private String clusterOf(String hostVariable) {
    return production
        .find("ConfigMap", "openup-platform")
        .orElseThrow()
        .path("data")
        .path(hostVariable)
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
}
