package app.openup.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether an object is valid for its kind and API version, read with a real model of it: fabric8's
 * Kubernetes model for Kubernetes' own kinds, Strimzi's own model ({@code io.strimzi:api}) for
 * Strimzi's, refusing the properties that its API version {@code v1} no longer serves (the model
 * marks each property with the versions that have it, {@code @PresentInVersions}, from which
 * Strimzi generates its CRDs), and for CloudNativePG's (which publishes no Java model) the fields
 * these manifests may use, from its API reference. A field the model does not know is reported: the
 * API server would drop it silently (or the operator ignore it), which is how a typo ships.
 */
final class ModelValidity {

  static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();
  static final ObjectMapper STRIMZI =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  static final Map<String, Class<?>> STRIMZI_KINDS =
      Map.of(
          "Kafka", Kafka.class,
          "KafkaNodePool", KafkaNodePool.class,
          "KafkaTopic", KafkaTopic.class,
          "KafkaUser", KafkaUser.class);
  static final String STRIMZI_API = "kafka.strimzi.io/v1";
  static final String CNPG_API = "postgresql.cnpg.io/v1";
  static final String BARMAN_API = "barmancloud.cnpg.io/v1";

  /** CloudNativePG's fields these manifests may use (API reference of CloudNativePG 1.27-1.31). */
  private static final Map<String, Set<String>> CNPG_FIELDS =
      Map.ofEntries(
          Map.entry(
              "Cluster.spec",
              Set.of(
                  "instances",
                  "imageName",
                  "description",
                  "postgresql",
                  "storage",
                  "walStorage",
                  "resources",
                  "affinity",
                  "managed",
                  "plugins",
                  "bootstrap",
                  "monitoring",
                  "enableSuperuserAccess",
                  "primaryUpdateStrategy",
                  "primaryUpdateMethod",
                  "inheritedMetadata")),
          Map.entry(
              "Cluster.spec.postgresql",
              Set.of("parameters", "pg_hba", "shared_preload_libraries")),
          Map.entry("Cluster.spec.storage", Set.of("size", "storageClass", "resizeInUseVolumes")),
          Map.entry("Cluster.spec.managed", Set.of("roles", "services")),
          Map.entry(
              "Cluster.spec.managed.roles",
              Set.of(
                  "name",
                  "ensure",
                  "comment",
                  "login",
                  "superuser",
                  "createdb",
                  "createrole",
                  "inherit",
                  "replication",
                  "bypassrls",
                  "connectionLimit",
                  "validUntil",
                  "inRoles",
                  "passwordSecret",
                  "disablePassword")),
          Map.entry(
              "Cluster.spec.plugins", Set.of("name", "enabled", "isWALArchiver", "parameters")),
          Map.entry(
              "Database.spec",
              Set.of(
                  "cluster",
                  "name",
                  "owner",
                  "ensure",
                  "databaseReclaimPolicy",
                  "encoding",
                  "template",
                  "allowConnections",
                  "connectionLimit")),
          Map.entry(
              "ScheduledBackup.spec",
              Set.of(
                  "schedule",
                  "suspend",
                  "immediate",
                  "cluster",
                  "backupOwnerReference",
                  "method",
                  "pluginConfiguration",
                  "target",
                  "online")),
          Map.entry(
              "ObjectStore.spec",
              Set.of("configuration", "retentionPolicy", "instanceSidecarConfiguration")),
          Map.entry(
              "ObjectStore.spec.configuration",
              Set.of(
                  "destinationPath",
                  "endpointURL",
                  "endpointCA",
                  "s3Credentials",
                  "azureCredentials",
                  "googleCredentials",
                  "serverName",
                  "wal",
                  "data",
                  "tags",
                  "historyTags")),
          Map.entry(
              "ObjectStore.spec.instanceSidecarConfiguration",
              Set.of("env", "retentionPolicyIntervalSeconds", "resources", "logLevel")));

  private static final Map<String, String> CNPG_KINDS =
      Map.of(
          "Cluster", CNPG_API,
          "Database", CNPG_API,
          "ScheduledBackup", CNPG_API,
          "ObjectStore", BARMAN_API);

  private ModelValidity() {}

  /** What is wrong with the object for its kind and API version; empty if nothing. */
  static List<String> problems(JsonNode object) {
    String kind = object.path("kind").asText();
    String apiVersion = object.path("apiVersion").asText();
    String name = Kustomize.name(object);
    if (name.isEmpty() || !name.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?") || name.length() > 253) {
      return List.of("metadata.name '" + name + "' is not a valid Kubernetes name");
    }
    if (STRIMZI_KINDS.containsKey(kind) && apiVersion.startsWith("kafka.strimzi.io/")) {
      if (!apiVersion.equals(STRIMZI_API)) {
        return List.of(apiVersion + " is not served by Strimzi 1.x (only " + STRIMZI_API + ")");
      }
      try {
        Object typed = STRIMZI.treeToValue(object, STRIMZI_KINDS.get(kind));
        return unknownFields(typed, "", "v1");
      } catch (Exception e) {
        return List.of("not a valid " + kind + ": " + firstLine(e.getMessage()));
      }
    }
    if (CNPG_KINDS.containsKey(kind) && apiVersion.contains("cnpg.io/")) {
      if (!apiVersion.equals(CNPG_KINDS.get(kind))) {
        return List.of(kind + " is served as " + CNPG_KINDS.get(kind) + ", not " + apiVersion);
      }
      return cnpgUnknownFields(kind, object);
    }
    KubernetesResource typed;
    try {
      typed = KUBERNETES.unmarshal(object.toString(), KubernetesResource.class);
    } catch (Exception e) {
      return List.of("not a valid " + kind + ": " + firstLine(e.getMessage()));
    }
    if (typed instanceof GenericKubernetesResource) {
      return List.of(
          apiVersion + " " + kind + " is no kind that Kubernetes, Strimzi or CloudNativePG serves");
    }
    return unknownFields(typed, "", null);
  }

  /** The typed Kubernetes object (fabric8's model) of a Kubernetes kind. */
  static <T> T kubernetes(JsonNode object, Class<T> type) {
    return KUBERNETES.unmarshal(object.toString(), type);
  }

  static <T> T strimzi(JsonNode object, Class<T> type) {
    try {
      return STRIMZI.treeToValue(object, type);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> cnpgUnknownFields(String kind, JsonNode object) {
    List<String> problems = new java.util.ArrayList<>();
    for (Map.Entry<String, Set<String>> allowed : CNPG_FIELDS.entrySet()) {
      if (!allowed.getKey().startsWith(kind + ".")) {
        continue;
      }
      String[] path = allowed.getKey().substring(kind.length() + 1).split("\\.");
      JsonNode node = object;
      for (String step : path) {
        node = node.path(step);
      }
      for (JsonNode each : node.isArray() ? node : List.of(node)) {
        for (Iterator<String> fields = each.fieldNames(); fields.hasNext(); ) {
          String field = fields.next();
          if (!allowed.getValue().contains(field)) {
            problems.add(
                allowed.getKey().substring(kind.length() + 1)
                    + "."
                    + field
                    + " is no field of "
                    + kind);
          }
        }
      }
    }
    return problems;
  }

  /**
   * Fields the model kept aside as unknown (its additionalProperties), and fields set that the API
   * version does not serve (if one is given), with where they were.
   */
  static List<String> unknownFields(Object typed, String path, String apiVersion) {
    List<String> found = new java.util.ArrayList<>();
    walk(typed, path, apiVersion, found, Collections.newSetFromMap(new IdentityHashMap<>()));
    return found;
  }

  private static void walk(
      Object value, String path, String apiVersion, List<String> found, Set<Object> seen) {
    if (value == null || !seen.add(value)) {
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "." + k, apiVersion, found, seen));
      return;
    }
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", apiVersion, found, seen);
      }
      return;
    }
    String type = value.getClass().getName();
    if (!type.startsWith("io.fabric8.kubernetes.api.model") && !type.startsWith("io.strimzi.api")) {
      return;
    }
    for (Method method : value.getClass().getMethods()) {
      if (method.getParameterCount() != 0
          || Modifier.isStatic(method.getModifiers())
          || method.isBridge()
          || !(method.getName().startsWith("get") || method.getName().startsWith("is"))
          || method.getDeclaringClass() == Object.class) {
        continue;
      }
      Object child;
      try {
        child = method.invoke(value);
      } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
        continue;
      }
      String property = property(method.getName());
      if (apiVersion != null && isSet(child) && !ServedVersions.serves(method, apiVersion)) {
        found.add(
            (path.isEmpty() ? "" : path.substring(1) + ".")
                + property
                + " is not served by kafka.strimzi.io/"
                + apiVersion);
      }
      if (method.getReturnType().isPrimitive()
          || method.getReturnType().isEnum()
          || method.getReturnType() == String.class) {
        continue;
      }
      if (method.getName().equals("getAdditionalProperties")) {
        if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
          found.add(
              (path.isEmpty() ? "" : path.substring(1) + ".")
                  + extra.keySet()
                  + " unknown to the model");
        }
      } else {
        walk(child, path + "." + property, apiVersion, found, seen);
      }
    }
  }

  private static String property(String getter) {
    String name = getter.substring(getter.startsWith("is") ? 2 : 3);
    return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }

  private static boolean isSet(Object value) {
    if (value == null) {
      return false;
    }
    if (value instanceof Collection<?> c) {
      return !c.isEmpty();
    }
    if (value instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof Number n) {
      return n.doubleValue() != 0;
    }
    return true;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
