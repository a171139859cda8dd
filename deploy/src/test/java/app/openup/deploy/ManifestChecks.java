package app.openup.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationTls;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserTlsClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a rendered overlay against the services' own configuration and what a deployment of Open
 * Up must get right. Each finding names its check in brackets ({@code [limits]}, {@code [acl]},
 * ...), then the object and what is wrong, so that a test can say which check found what.
 */
final class ManifestChecks {

  /** What an overlay is for: how many of everything it runs, and whether it backs up. */
  record Expectations(
      int serviceReplicas,
      int kafkaBrokers,
      int postgresInstances,
      int minInsyncReplicas,
      boolean backups) {
    static final Expectations LOCAL = new Expectations(1, 1, 1, 1, false);
    static final Expectations PRODUCTION = new Expectations(2, 3, 3, 2, true);
  }

  static final String BARMAN_PLUGIN = "barman-cloud.cloudnative-pg.io";
  static final Set<String> STRIMZI_USER_SECRET_KEYS =
      Set.of("ca.crt", "user.crt", "user.key", "user.p12", "user.password");
  static final Set<String> STRIMZI_CLUSTER_CA_KEYS = Set.of("ca.crt", "ca.p12", "ca.password");
  private static final Pattern SAMPLE_ID = Pattern.compile("\\{[^}]+}");

  /** The ingress controller and Prometheus, as deploy/README.md's "What to fill in" names them. */
  static final String INGRESS_NAMESPACE = "ingress-nginx";

  static final Map<String, Set<String>> INGRESS_PODS =
      Map.of("app.kubernetes.io/name", Set.of("ingress-nginx"));
  static final String MONITORING_NAMESPACE = "monitoring";
  static final Map<String, Set<String>> PROMETHEUS_PODS =
      Map.of("app.kubernetes.io/name", Set.of("prometheus"));
  static final String NAMESPACE_LABEL = "kubernetes.io/metadata.name";

  /**
   * Where traces go when tracing is on: a setting of Quarkus's own that the services' READMEs tell
   * the operator to set from the environment (no file of ours names it).
   */
  static final String OTLP_ENDPOINT = "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT";

  /**
   * The key stores' autovacuum: a table with a dead row (an erased partner's old key) is vacuumed
   * at the next look, at least every minute.
   */
  static final Map<String, String> KEY_STORE_VACUUM =
      Map.of(
          "autovacuum_vacuum_scale_factor", "0",
          "autovacuum_vacuum_threshold", "0",
          "autovacuum_naptime", "1min");

  private final Rendered rendered;
  private final Expectations expected;
  private final List<Repository.Provided> provided;
  private final List<String> findings = new ArrayList<>();

  private ManifestChecks(
      Rendered rendered, Expectations expected, List<Repository.Provided> provided) {
    this.rendered = rendered;
    this.expected = expected;
    this.provided = provided;
  }

  /** Every finding of every check; empty when the overlay is right. */
  static List<String> check(Rendered rendered, Expectations expected) {
    ManifestChecks checks = new ManifestChecks(rendered, expected, Repository.provided());
    checks.validity();
    checks.noSecretValues();
    Kafka kafka = checks.kafka();
    Set<String> keyStores = new TreeSet<>();
    for (String service : ServiceConfig.SERVICES) {
      Optional<ObjectNode> deployment = rendered.find("Deployment", service);
      if (deployment.isEmpty()) {
        checks.report("deployment", "Deployment " + service, "is missing");
        continue;
      }
      ServiceDeployment sd = checks.serviceDeployment(service, deployment.get());
      Optional.ofNullable(sd.environment().get("OPENUP_KEYS_DB_HOST"))
          .filter(host -> host.endsWith("-rw"))
          .ifPresent(host -> keyStores.add(host.substring(0, host.length() - "-rw".length())));
      checks.deployment(sd);
      checks.ports(sd);
      checks.environment(sd);
      checks.mountedFiles(sd);
      checks.dockerfile(sd);
      checks.postgres(sd);
      checks.kafkaUser(sd, kafka);
      checks.networkPolicy(sd, kafka);
      checks.disruptionAndScaling(sd);
      checks.routes(sd);
    }
    checks.references();
    checks.topics(kafka);
    checks.clusters();
    checks.erasure(keyStores);
    return List.copyOf(checks.findings);
  }

  // ---------------------------------------------------------------------------------------------
  // Every object valid for its kind

  private void validity() {
    for (ObjectNode object : rendered.all()) {
      for (String problem : ModelValidity.problems(object)) {
        report("valid", describe(object), problem);
      }
    }
  }

  /** No Secret's value in the manifests: they come from operators or from the user. */
  private void noSecretValues() {
    for (ObjectNode secret : rendered.all("Secret")) {
      if (!secret.path("data").isEmpty() || !secret.path("stringData").isEmpty()) {
        report("secret-values", describe(secret), "holds values in git; see 'What you provide'");
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The services' Deployments

  /** A service's Deployment, typed, with the configuration the service reads in it. */
  private record ServiceDeployment(
      String service,
      Deployment deployment,
      Container container,
      ServiceConfig config,
      Map<String, String> environment,
      Dockerfile dockerfile) {
    PodSpec pod() {
      return deployment.getSpec().getTemplate().getSpec();
    }

    Map<String, String> podLabels() {
      return deployment.getSpec().getTemplate().getMetadata().getLabels();
    }

    String name() {
      return "Deployment " + service;
    }
  }

  private ServiceDeployment serviceDeployment(String service, ObjectNode object) {
    Deployment deployment = ModelValidity.kubernetes(object, Deployment.class);
    List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
    Container container =
        containers.stream()
            .filter(c -> service.equals(c.getName()))
            .findFirst()
            .orElse(containers.get(0));
    Dockerfile dockerfile = Dockerfile.of(service);
    ServiceConfig config = ServiceConfig.of(service);
    // A properties file mounted as config/application.properties in the working directory.
    for (VolumeMount mount : container.getVolumeMounts()) {
      if (mount.getMountPath().equals(dockerfile.workdir() + "/config")) {
        Optional<JsonNode> source = volumeSource(deployment, mount.getName(), "configMap");
        Optional<String> text =
            source
                .flatMap(s -> rendered.find("ConfigMap", s.path("name").asText()))
                .map(map -> map.path("data").path("application.properties").asText(null))
                .filter(Objects::nonNull);
        if (text.isPresent()) {
          config =
              config.withMounted("ConfigMap " + source.get().path("name").asText(), text.get());
        }
      }
    }
    return new ServiceDeployment(
        service, deployment, container, config, environment(container), dockerfile);
  }

  /** The container's environment as far as the manifests know it (a Secret's value is unknown). */
  private Map<String, String> environment(Container container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvFromSource from : container.getEnvFrom()) {
      if (from.getConfigMapRef() != null) {
        rendered
            .find("ConfigMap", from.getConfigMapRef().getName())
            .ifPresent(
                map ->
                    map.path("data")
                        .fields()
                        .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText())));
      }
    }
    for (EnvVar var : container.getEnv()) {
      if (var.getValue() != null) {
        env.put(var.getName(), var.getValue());
      } else if (var.getValueFrom() != null && var.getValueFrom().getConfigMapKeyRef() != null) {
        String name = var.getValueFrom().getConfigMapKeyRef().getName();
        String key = var.getValueFrom().getConfigMapKeyRef().getKey();
        env.put(
            var.getName(),
            rendered
                .find("ConfigMap", name)
                .map(m -> m.path("data").path(key).asText(""))
                .orElse(""));
      } else {
        env.put(var.getName(), "<secret>");
      }
    }
    return env;
  }

  private void deployment(ServiceDeployment sd) {
    Deployment d = sd.deployment();
    String name = sd.name();
    if (d.getSpec().getReplicas() != null) {
      report(
          "replicas",
          name,
          "sets spec.replicas ("
              + d.getSpec().getReplicas()
              + "): its HorizontalPodAutoscaler owns the count, and each apply would reset it");
    }
    var strategy = d.getSpec().getStrategy();
    if (strategy == null
        || !"RollingUpdate".equals(strategy.getType())
        || strategy.getRollingUpdate() == null
        || !isZero(strategy.getRollingUpdate().getMaxUnavailable())) {
      report("rollout", name, "must roll out with no unavailable replica (maxUnavailable 0)");
    }
    if (!Rendered.selects(
        ModelValidity.KUBERNETES.convertValue(d.getSpec().getSelector(), JsonNode.class),
        ModelValidity.KUBERNETES.convertValue(sd.podLabels(), JsonNode.class))) {
      report("valid", name, "its selector does not select its own pods");
    }
    for (Container c : sd.pod().getContainers()) {
      ResourceRequirements r = c.getResources();
      for (String resource : List.of("cpu", "memory")) {
        Quantity request =
            r == null || r.getRequests() == null ? null : r.getRequests().get(resource);
        Quantity limit = r == null || r.getLimits() == null ? null : r.getLimits().get(resource);
        if (request == null) {
          report("limits", name, "container " + c.getName() + " requests no " + resource);
        }
        if (limit == null) {
          report("limits", name, "container " + c.getName() + " has no " + resource + " limit");
        }
        if (request != null
            && limit != null
            && request.getNumericalAmount().compareTo(limit.getNumericalAmount()) > 0) {
          report(
              "limits",
              name,
              "container " + c.getName() + " requests more " + resource + " than its limit");
        }
      }
      if (!runsAsNonRoot(sd.pod().getSecurityContext(), c.getSecurityContext())) {
        report("non-root", name, "container " + c.getName() + " may run as root");
      }
      SecurityContext sc = c.getSecurityContext();
      if (sc == null || !Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
        report("non-root", name, "container " + c.getName() + " has a writable root filesystem");
      }
      if (sc == null || !Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
        report("non-root", name, "container " + c.getName() + " allows privilege escalation");
      }
      if (sc == null
          || sc.getCapabilities() == null
          || !sc.getCapabilities().getDrop().contains("ALL")) {
        report(
            "non-root", name, "container " + c.getName() + " keeps Linux capabilities (drop ALL)");
      }
      String image = c.getImage();
      if (image == null || !image.contains(":") || image.endsWith(":latest")) {
        report("image", name, "container " + c.getName() + " image " + image + " has no fixed tag");
      }
    }
  }

  private static boolean runsAsNonRoot(PodSecurityContext pod, SecurityContext container) {
    Boolean nonRoot =
        container != null && container.getRunAsNonRoot() != null
            ? container.getRunAsNonRoot()
            : pod == null ? null : pod.getRunAsNonRoot();
    Long user =
        container != null && container.getRunAsUser() != null
            ? container.getRunAsUser()
            : pod == null ? null : pod.getRunAsUser();
    return Boolean.TRUE.equals(nonRoot) && (user == null || user != 0);
  }

  /** Ports and probes as the service serves them: the API, and health on the management port. */
  private void ports(ServiceDeployment sd) {
    String name = sd.name();
    int http = port(sd, "quarkus.http.port");
    int management = port(sd, "quarkus.management.port");
    Map<String, Integer> ports = new HashMap<>();
    for (ContainerPort p : sd.container().getPorts()) {
      ports.put(p.getName(), p.getContainerPort());
    }
    if (!Objects.equals(ports.get("http"), http)) {
      report(
          "ports",
          name,
          "port 'http' is " + ports.get("http") + ", the service listens on " + http);
    }
    if (!Objects.equals(ports.get("management"), management)) {
      report(
          "ports",
          name,
          "port 'management' is "
              + ports.get("management")
              + ", the service serves it on "
              + management);
    }
    if (!Boolean.parseBoolean(sd.config().property("quarkus.management.enabled").orElse("false"))) {
      report("probes", name, "the service has no management interface to probe");
    }
    String root = sd.config().property("quarkus.management.root-path").orElse("/q");
    probe(
        sd,
        "startup",
        sd.container().getStartupProbe(),
        root + "/health/started",
        management,
        ports);
    probe(
        sd,
        "liveness",
        sd.container().getLivenessProbe(),
        root + "/health/live",
        management,
        ports);
    probe(
        sd,
        "readiness",
        sd.container().getReadinessProbe(),
        root + "/health/ready",
        management,
        ports);

    Map<String, String> annotations =
        sd.deployment().getSpec().getTemplate().getMetadata().getAnnotations();
    if (annotations == null
        || !"true".equals(annotations.get("prometheus.io/scrape"))
        || !String.valueOf(management).equals(annotations.get("prometheus.io/port"))
        || !(root + "/metrics").equals(annotations.get("prometheus.io/path"))) {
      report(
          "metrics",
          name,
          "Prometheus is not told to scrape " + root + "/metrics on port " + management);
    }
  }

  private void probe(
      ServiceDeployment sd,
      String kind,
      Probe probe,
      String path,
      int management,
      Map<String, Integer> ports) {
    HTTPGetAction get = probe == null ? null : probe.getHttpGet();
    if (get == null) {
      report("probes", sd.name(), "has no " + kind + " probe");
      return;
    }
    Integer port =
        get.getPort().getIntVal() != null
            ? get.getPort().getIntVal()
            : ports.get(get.getPort().getStrVal());
    if (!path.equals(get.getPath()) || !Objects.equals(port, management)) {
      report(
          "probes",
          sd.name(),
          "its "
              + kind
              + " probe asks "
              + get.getPath()
              + " on port "
              + port
              + ", not "
              + path
              + " on the management port "
              + management);
    }
  }

  private int port(ServiceDeployment sd, String property) {
    try {
      return Integer.parseInt(sd.config().resolve(property, sd.environment()));
    } catch (RuntimeException e) {
      report("ports", sd.name(), property + " does not resolve: " + e.getMessage());
      return -1;
    }
  }

  /** Every variable set is one the service reads; every variable it needs is set. */
  private void environment(ServiceDeployment sd) {
    for (String variable : sd.environment().keySet()) {
      if (!sd.config().reads(variable) && !variable.equals(OTLP_ENDPOINT)) {
        report(
            "env",
            sd.name(),
            variable + " is set, but no configuration of " + sd.service() + " reads it");
      }
    }
    for (EnvFromSource from : sd.container().getEnvFrom()) {
      if (from.getSecretRef() != null) {
        report(
            "env",
            sd.name(),
            "takes every key of Secret "
                + from.getSecretRef().getName()
                + " as a variable: name each one, so that each is checked");
      }
    }
    for (String variable : sd.config().requiredVariables()) {
      if (!sd.environment().containsKey(variable)) {
        report("env", sd.name(), variable + " has no default and is not set");
      }
    }
  }

  /** Every file the configuration points at is there: mounted from a source that has it. */
  private void mountedFiles(ServiceDeployment sd) {
    for (String property : sd.config().properties().keySet()) {
      if (!property.endsWith(".location")) {
        continue;
      }
      String location;
      try {
        location = sd.config().resolve(property, sd.environment());
      } catch (RuntimeException e) {
        report("files", sd.name(), property + " does not resolve: " + e.getMessage());
        continue;
      }
      if (!location.startsWith("/")) {
        continue;
      }
      Optional<VolumeMount> mount =
          sd.container().getVolumeMounts().stream()
              .filter(m -> location.startsWith(m.getMountPath() + "/"))
              .findFirst();
      if (mount.isEmpty()) {
        report("files", sd.name(), property + " = " + location + ", but nothing is mounted there");
        continue;
      }
      String file = location.substring(mount.get().getMountPath().length() + 1);
      Optional<Volume> volume =
          sd.pod().getVolumes().stream()
              .filter(v -> v.getName().equals(mount.get().getName()))
              .findFirst();
      String kind =
          volume
              .map(
                  v ->
                      v.getSecret() != null
                          ? "Secret"
                          : v.getConfigMap() != null ? "ConfigMap" : "")
              .orElse("");
      String source =
          volume
              .map(
                  v ->
                      v.getSecret() != null
                          ? v.getSecret().getSecretName()
                          : v.getConfigMap() != null ? v.getConfigMap().getName() : "")
              .orElse("");
      List<io.fabric8.kubernetes.api.model.KeyToPath> items =
          volume
              .map(
                  v ->
                      v.getSecret() != null
                          ? v.getSecret().getItems()
                          : v.getConfigMap() != null
                              ? v.getConfigMap().getItems()
                              : List.<io.fabric8.kubernetes.api.model.KeyToPath>of())
              .orElse(List.of());
      Optional<String> key =
          items == null || items.isEmpty()
              ? Optional.of(file)
              : items.stream()
                  .filter(i -> i.getPath().equals(file))
                  .map(io.fabric8.kubernetes.api.model.KeyToPath::getKey)
                  .findFirst();
      if (kind.isEmpty() || key.isEmpty()) {
        report(
            "files",
            sd.name(),
            property
                + " = "
                + location
                + ", but the volume "
                + mount.get().getName()
                + " has no such file");
      } else if (keysOf(kind, source).map(keys -> !keys.contains(key.get())).orElse(false)) {
        report(
            "files",
            sd.name(),
            property
                + " = "
                + location
                + ", but "
                + kind
                + " "
                + source
                + " has no key "
                + key.get());
      }
    }
  }

  private void dockerfile(ServiceDeployment sd) {
    Dockerfile docker = sd.dockerfile();
    if (docker.user() == null || docker.user() == 0) {
      report(
          "non-root",
          "Dockerfile.jvm of " + sd.service(),
          "runs as root (a numeric USER other than 0)");
    }
    Long runAs =
        sd.pod().getSecurityContext() == null ? null : sd.pod().getSecurityContext().getRunAsUser();
    if (runAs != null && docker.user() != null && !runAs.equals(docker.user().longValue())) {
      report("non-root", sd.name(), "runs as user " + runAs + ", its image as " + docker.user());
    }
    for (ContainerPort p : sd.container().getPorts()) {
      if (!docker.exposed().contains(p.getContainerPort())) {
        report(
            "ports",
            "Dockerfile.jvm of " + sd.service(),
            "does not expose port " + p.getContainerPort());
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // PostgreSQL through CloudNativePG

  private void postgres(ServiceDeployment sd) {
    String events =
        database(
            sd,
            "OPENUP_DB_HOST",
            "OPENUP_DB_USER",
            "OPENUP_DB_PASSWORD",
            "openup.eventing.database");
    String keys =
        database(
            sd,
            "OPENUP_KEYS_DB_HOST",
            "OPENUP_KEYS_DB_USER",
            "OPENUP_KEYS_DB_PASSWORD",
            "openup.eventing.keys-database");
    if (events != null && events.equals(keys)) {
      report(
          "postgres",
          sd.name(),
          "keeps its key store in the event stores' cluster "
              + events
              + ": an event-store backup would hold the keys");
    }
  }

  /** The cluster the service's database is in, having checked its role, Secret and database. */
  private String database(
      ServiceDeployment sd,
      String hostVar,
      String userVar,
      String passwordVar,
      String databaseProperty) {
    String host = sd.environment().get(hostVar);
    if (host == null || !host.endsWith("-rw")) {
      report(
          "postgres",
          sd.name(),
          hostVar + " is " + host + ", not a CloudNativePG cluster's -rw Service");
      return null;
    }
    String clusterName = host.substring(0, host.length() - "-rw".length());
    Optional<ObjectNode> cluster = rendered.find("Cluster", clusterName);
    if (cluster.isEmpty()) {
      report(
          "postgres",
          sd.name(),
          hostVar + " names cluster " + clusterName + ", which is not there");
      return null;
    }
    String userSecret = secretOf(sd.container(), userVar);
    String passwordSecret = secretOf(sd.container(), passwordVar);
    if (userSecret == null || !userSecret.equals(passwordSecret)) {
      report("postgres", sd.name(), userVar + " and " + passwordVar + " must come from one Secret");
      return clusterName;
    }
    String role = null;
    for (JsonNode r : cluster.get().path("spec").path("managed").path("roles")) {
      if (userSecret.equals(r.path("passwordSecret").path("name").asText())) {
        role = r.path("name").asText();
        if (!r.path("login").asBoolean(false)) {
          report("postgres", "Cluster " + clusterName, "role " + role + " cannot log in");
        }
      }
    }
    if (role == null) {
      report(
          "postgres",
          sd.name(),
          "Secret " + userSecret + " is the password of no role of cluster " + clusterName);
      return clusterName;
    }
    String database = sd.config().resolve(databaseProperty, sd.environment());
    String owner = role;
    boolean found =
        rendered.all("Database").stream()
            .anyMatch(
                db ->
                    clusterName.equals(db.path("spec").path("cluster").path("name").asText())
                        && database.equals(db.path("spec").path("name").asText())
                        && owner.equals(db.path("spec").path("owner").asText()));
    if (!found) {
      report(
          "postgres",
          sd.name(),
          "reads database "
              + database
              + ", which cluster "
              + clusterName
              + " does not have with owner "
              + role);
    }
    return clusterName;
  }

  private static String secretOf(Container container, String variable) {
    return container.getEnv().stream()
        .filter(
            e ->
                e.getName().equals(variable)
                    && e.getValueFrom() != null
                    && e.getValueFrom().getSecretKeyRef() != null)
        .map(e -> e.getValueFrom().getSecretKeyRef().getName())
        .findFirst()
        .orElse(null);
  }

  /** The PostgreSQL clusters: their size, and in production their backups. */
  private void clusters() {
    for (ObjectNode cluster : rendered.all("Cluster")) {
      String name = "Cluster " + Kustomize.name(cluster);
      int instances = cluster.path("spec").path("instances").asInt(1);
      if (instances != expected.postgresInstances()) {
        report(
            "postgres",
            name,
            "has " + instances + " instances, not " + expected.postgresInstances());
      }
      JsonNode resources = cluster.path("spec").path("resources");
      if (resources.path("requests").isEmpty()
          || resources.path("limits").path("memory").isMissingNode()) {
        report("limits", name, "has no resource requests and memory limit");
      }
      List<JsonNode> archivers = new ArrayList<>();
      cluster
          .path("spec")
          .path("plugins")
          .forEach(
              p -> {
                if (BARMAN_PLUGIN.equals(p.path("name").asText())
                    && p.path("isWALArchiver").asBoolean(false)) {
                  archivers.add(p);
                }
              });
      boolean scheduled =
          rendered.all("ScheduledBackup").stream()
              .anyMatch(
                  b ->
                      Kustomize.name(cluster)
                              .equals(b.path("spec").path("cluster").path("name").asText())
                          && "plugin".equals(b.path("spec").path("method").asText())
                          && BARMAN_PLUGIN.equals(
                              b.path("spec").path("pluginConfiguration").path("name").asText()));
      if (expected.backups()) {
        if (archivers.size() != 1) {
          report("backups", name, "archives no WAL to an object store (the Barman Cloud plugin)");
          continue;
        }
        String store = archivers.get(0).path("parameters").path("barmanObjectName").asText();
        if (rendered.find("ObjectStore", store).isEmpty()) {
          report("backups", name, "backs up to ObjectStore " + store + ", which is not there");
        }
        if (!scheduled) {
          report("backups", name, "has no ScheduledBackup through the plugin");
        }
      } else if (!archivers.isEmpty() || scheduled) {
        report("backups", name, "backs up, which this overlay does not expect");
      }
    }
    for (ObjectNode backup : rendered.all("ScheduledBackup")) {
      String cluster = backup.path("spec").path("cluster").path("name").asText();
      if (rendered.find("Cluster", cluster).isEmpty()) {
        report("backups", describe(backup), "backs up cluster " + cluster + ", which is not there");
      }
    }
  }

  /**
   * What deploy/README.md promises of an erasure holds: the key stores vacuum an erased key's old
   * row at once, and (with backups) no key-store backup needs a master key longer than the README
   * keeps a rotated-out one.
   */
  private void erasure(Set<String> keyStores) {
    for (String cluster : keyStores) {
      Optional<ObjectNode> object = rendered.find("Cluster", cluster);
      if (object.isEmpty()) {
        continue; // [postgres] says so
      }
      String name = "Cluster " + cluster;
      JsonNode parameters = object.get().path("spec").path("postgresql").path("parameters");
      KEY_STORE_VACUUM.forEach(
          (parameter, value) -> {
            if (!value.equals(parameters.path(parameter).asText(null))) {
              report(
                  "erasure",
                  name,
                  parameter
                      + " is "
                      + parameters.path(parameter).asText("PostgreSQL's default")
                      + ", not "
                      + value
                      + ": an erased key's old row would wait for vacuum");
            }
          });
      if (!expected.backups()) {
        continue;
      }
      Optional<Duration> restorable = BackupRetention.restorableFor(rendered, cluster);
      Duration kept = Duration.ofDays(Repository.erasurePromise().oldKeyKept());
      if (restorable.isPresent() && restorable.get().compareTo(kept) > 0) {
        report(
            "erasure",
            name,
            "its backups are restorable up to "
                + restorable.get().toDays()
                + " days "
                + restorable.get().toHoursPart()
                + " hours "
                + restorable.get().toMinutesPart()
                + " minutes after they are taken, longer than the "
                + kept.toDays()
                + " days deploy/README.md keeps a rotated-out master key");
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Kafka through Strimzi

  private Kafka kafka() {
    List<ObjectNode> clusters = rendered.all("Kafka");
    if (clusters.size() != 1) {
      report("kafka", "Kafka", "there must be one Kafka cluster, there are " + clusters.size());
      return null;
    }
    Kafka kafka;
    try {
      kafka = ModelValidity.strimzi(clusters.get(0), Kafka.class);
    } catch (RuntimeException e) {
      return null; // validity() has said why
    }
    String name = "Kafka " + kafka.getMetadata().getName();
    String broker = BrokerVersion.ofLocalKafka();
    if (!broker.equals(kafka.getSpec().getKafka().getVersion())) {
      report(
          "kafka",
          name,
          "runs Kafka "
              + kafka.getSpec().getKafka().getVersion()
              + ", the tests and the local run "
              + broker
              + " (local-kafka)");
    }
    List<GenericKafkaListener> listeners = kafka.getSpec().getKafka().getListeners();
    if (listeners.size() != 1
        || !listeners.get(0).isTls()
        || !(listeners.get(0).getAuth() instanceof KafkaListenerAuthenticationTls)) {
      report("kafka", name, "must have one listener, TLS with mutual TLS authentication");
    }
    if (kafka.getSpec().getKafka().getAuthorization() == null
        || !"simple".equals(kafka.getSpec().getKafka().getAuthorization().getType())) {
      report("kafka", name, "must authorise with ACLs (simple authorization)");
    }
    Map<String, Object> config = kafka.getSpec().getKafka().getConfig();
    if (config == null
        || !"false".equals(String.valueOf(config.get("auto.create.topics.enable")))) {
      report(
          "kafka", name, "must not create topics on first use (auto.create.topics.enable: false)");
    }
    int brokers = 0;
    boolean controllers = false;
    for (ObjectNode pool : rendered.all("KafkaNodePool")) {
      KafkaNodePool typed = ModelValidity.strimzi(pool, KafkaNodePool.class);
      if (!kafka
          .getMetadata()
          .getName()
          .equals(typed.getMetadata().getLabels().get("strimzi.io/cluster"))) {
        report("kafka", describe(pool), "belongs to no Kafka cluster of this overlay");
        continue;
      }
      if (typed.getSpec().getRoles().contains(ProcessRoles.BROKER)) {
        brokers += typed.getSpec().getReplicas();
      }
      controllers |= typed.getSpec().getRoles().contains(ProcessRoles.CONTROLLER);
      if (typed.getSpec().getResources() == null
          || typed.getSpec().getResources().getLimits() == null) {
        report("limits", describe(pool), "has no resource requests and limits");
      }
    }
    if (brokers != expected.kafkaBrokers() || !controllers) {
      report(
          "kafka",
          name,
          "has "
              + brokers
              + " brokers, not "
              + expected.kafkaBrokers()
              + ", or no KRaft controller");
    }
    if (config != null) {
      for (String factor :
          List.of(
              "offsets.topic.replication.factor",
              "transaction.state.log.replication.factor",
              "default.replication.factor")) {
        if (!String.valueOf(expected.kafkaBrokers()).equals(String.valueOf(config.get(factor)))) {
          report(
              "kafka",
              name,
              factor + " is " + config.get(factor) + ", not " + expected.kafkaBrokers());
        }
      }
      if (!String.valueOf(expected.minInsyncReplicas())
          .equals(String.valueOf(config.get("min.insync.replicas")))) {
        report(
            "kafka",
            name,
            "min.insync.replicas is "
                + config.get("min.insync.replicas")
                + ", not "
                + expected.minInsyncReplicas());
      }
    }
    return kafka;
  }

  private String bootstrap(Kafka kafka) {
    GenericKafkaListener tls = kafka.getSpec().getKafka().getListeners().get(0);
    return kafka.getMetadata().getName() + "-kafka-bootstrap:" + tls.getPort();
  }

  /** Topics: each one a service uses is there, as the services need it; none is there unused. */
  private void topics(Kafka kafka) {
    Map<String, ServiceConfig> configs = new LinkedHashMap<>();
    ServiceConfig.SERVICES.forEach(s -> configs.put(s, ServiceConfig.of(s)));
    Set<String> eventTopics =
        configs.values().stream().map(ServiceConfig::eventTopic).collect(Collectors.toSet());
    Set<String> used = new TreeSet<>();
    configs
        .values()
        .forEach(
            c -> {
              used.addAll(c.writtenTopics());
              used.addAll(c.readTopics());
            });
    Map<String, KafkaTopic> topics = new LinkedHashMap<>();
    for (ObjectNode object : rendered.all("KafkaTopic")) {
      KafkaTopic topic;
      try {
        topic = ModelValidity.strimzi(object, KafkaTopic.class);
      } catch (RuntimeException e) {
        continue;
      }
      String name =
          topic.getSpec().getTopicName() != null
              ? topic.getSpec().getTopicName()
              : topic.getMetadata().getName();
      topics.put(name, topic);
      String what = "KafkaTopic " + topic.getMetadata().getName();
      if (kafka != null
          && !kafka
              .getMetadata()
              .getName()
              .equals(topic.getMetadata().getLabels().get("strimzi.io/cluster"))) {
        report("topics", what, "belongs to no Kafka cluster of this overlay");
      }
      if (!used.contains(name)) {
        report("topics", what, "topic " + name + " is used by no service");
      }
      Integer replicas = topic.getSpec().getReplicas();
      if (replicas == null || replicas != expected.kafkaBrokers()) {
        report("topics", what, "has " + replicas + " replicas, not " + expected.kafkaBrokers());
      }
      Map<String, Object> config =
          topic.getSpec().getConfig() == null ? Map.of() : topic.getSpec().getConfig();
      if (!String.valueOf(expected.minInsyncReplicas())
          .equals(String.valueOf(config.get("min.insync.replicas")))) {
        report(
            "topics",
            what,
            "min.insync.replicas is "
                + config.get("min.insync.replicas")
                + ", not "
                + expected.minInsyncReplicas());
      }
      if (!"-1".equals(String.valueOf(config.get("retention.ms")))) {
        report("topics", what, "does not keep everything (retention.ms: -1)");
      }
      int partitions =
          topic.getSpec().getPartitions() == null ? 1 : topic.getSpec().getPartitions();
      for (ServiceConfig c : configs.values()) {
        if (c.readTopics().contains(name)) {
          int most = maxReplicas(c.service());
          if (partitions < most) {
            report(
                "topics",
                what,
                "has "
                    + partitions
                    + " partitions: "
                    + c.service()
                    + " may run "
                    + most
                    + " replicas in its consumer group, some would get none");
          }
        }
      }
    }
    for (String topic : used) {
      if (!topics.containsKey(topic)) {
        report("topics", "Kafka", "topic " + topic + " is used but no KafkaTopic makes it");
      }
    }
    if (!topics.keySet().containsAll(eventTopics)) {
      report("topics", "Kafka", "not every event topic is there: " + eventTopics);
    }
  }

  private int maxReplicas(String service) {
    return rendered.all("HorizontalPodAutoscaler").stream()
        .filter(h -> service.equals(h.path("spec").path("scaleTargetRef").path("name").asText()))
        .mapToInt(h -> h.path("spec").path("maxReplicas").asInt())
        .max()
        .orElse(expected.serviceReplicas());
  }

  /**
   * The service's KafkaUser: mutual TLS, and ACLs that let it write exactly its own event topic
   * (and its own dead-letter topics), read the topics it consumes, in its consumer group.
   */
  private void kafkaUser(ServiceDeployment sd, Kafka kafka) {
    if (kafka != null
        && !bootstrap(kafka).equals(sd.environment().get("KAFKA_BOOTSTRAP_SERVERS"))) {
      report(
          "kafka",
          sd.name(),
          "connects to "
              + sd.environment().get("KAFKA_BOOTSTRAP_SERVERS")
              + ", not the TLS listener "
              + bootstrap(kafka));
    }
    Optional<ObjectNode> object = rendered.find("KafkaUser", sd.service());
    if (object.isEmpty()) {
      report("acl", sd.name(), "has no KafkaUser " + sd.service());
      return;
    }
    KafkaUser user;
    try {
      user = ModelValidity.strimzi(object.get(), KafkaUser.class);
    } catch (RuntimeException e) {
      return;
    }
    String what = "KafkaUser " + sd.service();
    if (!(user.getSpec().getAuthentication() instanceof KafkaUserTlsClientAuthentication)) {
      report("acl", what, "must authenticate with a TLS client certificate");
    }
    boolean mountsItsSecret =
        sd.pod().getVolumes().stream()
            .anyMatch(
                v -> v.getSecret() != null && sd.service().equals(v.getSecret().getSecretName()));
    if (!mountsItsSecret) {
      report("acl", sd.name(), "does not mount its KafkaUser's Secret " + sd.service());
    }
    if (!(user.getSpec().getAuthorization() instanceof KafkaUserAuthorizationSimple simple)) {
      report("acl", what, "has no ACLs (simple authorization)");
      return;
    }
    Set<String> writes = new TreeSet<>();
    Set<String> reads = new TreeSet<>();
    Set<String> described = new TreeSet<>();
    Set<String> groups = new TreeSet<>();
    for (AclRule rule : simple.getAcls()) {
      List<AclOperation> operations =
          rule.getOperations() == null ? List.of() : rule.getOperations();
      if (operations.contains(AclOperation.ALL)) {
        report("acl", what, "may do anything (All) on " + rule.getResource());
      }
      if (rule.getResource() instanceof AclRuleTopicResource topic) {
        if (topic.getPatternType() != AclResourcePatternType.LITERAL
            || "*".equals(topic.getName())) {
          report("acl", what, "names topics by a pattern (" + topic.getName() + "): name each one");
          continue;
        }
        if (operations.contains(AclOperation.WRITE)) writes.add(topic.getName());
        if (operations.contains(AclOperation.READ)) reads.add(topic.getName());
        if (operations.contains(AclOperation.DESCRIBE)) described.add(topic.getName());
        Set<AclOperation> others = new LinkedHashSet<>(operations);
        others.removeAll(Set.of(AclOperation.WRITE, AclOperation.READ, AclOperation.DESCRIBE));
        if (!others.isEmpty()) {
          report("acl", what, "may " + others + " topic " + topic.getName());
        }
      } else if (rule.getResource() instanceof AclRuleGroupResource group) {
        groups.add(
            group.getPatternType() == AclResourcePatternType.PREFIX
                ? group.getName() + "*"
                : group.getName());
      } else {
        report("acl", what, "has an ACL on " + rule.getResource() + ", which no service needs");
      }
    }
    ServiceConfig config = sd.config();
    Set<String> eventTopics =
        ServiceConfig.SERVICES.stream()
            .map(s -> ServiceConfig.of(s).eventTopic())
            .collect(Collectors.toSet());
    Set<String> writtenEventTopics = new TreeSet<>(writes);
    writtenEventTopics.retainAll(eventTopics);
    if (!writtenEventTopics.equals(Set.of(config.eventTopic()))) {
      report(
          "acl",
          what,
          "may write event topics "
              + writtenEventTopics
              + ": exactly one, its own "
              + config.eventTopic());
    }
    if (!writes.equals(new TreeSet<>(config.writtenTopics()))) {
      report(
          "acl",
          what,
          "may write " + writes + ", the service writes " + new TreeSet<>(config.writtenTopics()));
    }
    if (!reads.equals(new TreeSet<>(config.readTopics()))) {
      report(
          "acl",
          what,
          "may read " + reads + ", the service reads " + new TreeSet<>(config.readTopics()));
    }
    Set<String> touched = new TreeSet<>(writes);
    touched.addAll(reads);
    if (!described.containsAll(touched)) {
      report("acl", what, "cannot describe every topic it uses (Describe): " + touched);
    }
    Set<String> needed = new TreeSet<>();
    config.incomingChannels().forEach(c -> needed.add(c.groupId()));
    if (config.rebuildsFromTopics()) {
      needed.add("rebuild-*");
    }
    if (!groups.equals(needed)) {
      report("acl", what, "may use consumer groups " + groups + ", the service uses " + needed);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Network, disruption, scaling, routing

  /**
   * Who may talk to a service's pods, or whom they may reach: a kind of peer, on its ports ({@code
   * 9093/TCP}). A known peer is pods with these labels (each restricted to these values) in a
   * namespace ({@code null}: the pods' own); a peer the user chooses (the identity provider, a
   * trace collector) has no labels here and may be any confined one: an address block of /16 or
   * narrower, or a pod selector (with a namespace selector that selects something).
   */
  private record Peer(
      String what, String namespace, Map<String, Set<String>> labels, Set<String> ports) {
    static Peer chosen(String what, Set<String> ports) {
      return new Peer(what, null, null, ports);
    }

    boolean isChosen() {
      return labels == null;
    }
  }

  /**
   * The pods' NetworkPolicies let in only the ingress controller (on the API port) and Prometheus
   * (on the management port), and let out only to Kafka's brokers, the PostgreSQL clusters the
   * service uses, DNS, the identity provider when tokens are verified with a JWKS URL, and the
   * trace collector when tracing is on; each peer by its selectors, each on its own ports.
   */
  private void networkPolicy(ServiceDeployment sd, Kafka kafka) {
    JsonNode podLabels = ModelValidity.KUBERNETES.convertValue(sd.podLabels(), JsonNode.class);
    List<ObjectNode> policies =
        rendered.all("NetworkPolicy").stream()
            .filter(p -> Rendered.selects(p.path("spec").path("podSelector"), podLabels))
            .toList();
    if (policies.isEmpty()) {
      report("network", sd.name(), "no NetworkPolicy selects its pods");
      return;
    }
    Map<String, Integer> containerPorts = new HashMap<>();
    sd.container().getPorts().forEach(p -> containerPorts.put(p.getName(), p.getContainerPort()));
    List<Peer> in =
        List.of(
            new Peer(
                "the ingress controller (namespace "
                    + INGRESS_NAMESPACE
                    + ", pods "
                    + labels(INGRESS_PODS)
                    + ")",
                INGRESS_NAMESPACE,
                INGRESS_PODS,
                Set.of(port(sd, "quarkus.http.port") + "/TCP")),
            new Peer(
                "Prometheus (namespace "
                    + MONITORING_NAMESPACE
                    + ", pods "
                    + labels(PROMETHEUS_PODS)
                    + ")",
                MONITORING_NAMESPACE,
                PROMETHEUS_PODS,
                Set.of(port(sd, "quarkus.management.port") + "/TCP")));
    List<Peer> out = reachable(sd, kafka);

    Set<String> types = new TreeSet<>();
    Map<Peer, List<JsonNode>> reachedIn = new LinkedHashMap<>();
    Map<Peer, Map<String, List<JsonNode>>> reachedOut = new LinkedHashMap<>();
    for (ObjectNode policy : policies) {
      String what = describe(policy);
      policy.path("spec").path("policyTypes").forEach(t -> types.add(t.asText()));
      for (JsonNode rule : policy.path("spec").path("ingress")) {
        if (rule.path("from").isEmpty()) {
          report("network", what, "lets anyone in");
        }
        if (rule.path("ports").isEmpty()) {
          report("network", what, "lets in on every port");
        }
        for (JsonNode p : rule.path("ports")) {
          String port = portOf(p, containerPorts);
          for (JsonNode peer : rule.path("from")) {
            Optional<Peer> known = matching(in, port, peer);
            if (known.isEmpty()) {
              report(
                  "network",
                  what,
                  "lets in on " + port + " from " + peer + ", which is not " + whoOn(in, port));
            } else {
              reachedIn.computeIfAbsent(known.get(), k -> new ArrayList<>()).add(peer);
            }
          }
        }
      }
      for (JsonNode rule : policy.path("spec").path("egress")) {
        if (rule.path("to").isEmpty() || rule.path("ports").isEmpty()) {
          report("network", what, "lets out to anywhere or on every port");
        }
        for (JsonNode p : rule.path("ports")) {
          String port = portOf(p, Map.of());
          for (JsonNode peer : rule.path("to")) {
            Optional<Peer> known = matching(out, port, peer);
            if (known.isEmpty()) {
              report(
                  "network",
                  what,
                  "lets out on " + port + " to " + peer + ", which is not " + whoOn(out, port));
            } else {
              reachedOut
                  .computeIfAbsent(known.get(), k -> new TreeMap<>())
                  .computeIfAbsent(port, k -> new ArrayList<>())
                  .add(peer);
            }
          }
        }
      }
    }
    if (!types.containsAll(Set.of("Ingress", "Egress"))) {
      report("network", sd.name(), "its NetworkPolicy must govern both ingress and egress");
    }
    for (Peer peer : in) {
      if (!reachedIn.containsKey(peer)) {
        report(
            "network",
            sd.name(),
            "cannot be reached by " + peer.what() + " on " + String.join(", ", peer.ports()));
      }
    }
    for (Peer peer : out) {
      Map<String, List<JsonNode>> reached = reachedOut.getOrDefault(peer, Map.of());
      for (String port : peer.ports()) {
        List<JsonNode> selectors = reached.getOrDefault(port, List.of());
        if (selectors.isEmpty()) {
          report("network", sd.name(), "cannot reach " + peer.what() + " on " + port);
        } else if (!peer.isChosen()) {
          // Every value a label may have is reached: each PostgreSQL cluster the service uses.
          peer.labels()
              .forEach(
                  (key, values) -> {
                    Set<String> some = new TreeSet<>();
                    selectors.forEach(
                        s -> restricted(s.path("podSelector"), key).ifPresent(some::addAll));
                    if (!some.equals(values)) {
                      report(
                          "network",
                          sd.name(),
                          "reaches "
                              + peer.what()
                              + " with "
                              + key
                              + " in "
                              + some
                              + " on "
                              + port
                              + ", not "
                              + values);
                    }
                  });
        }
      }
    }
  }

  /** Whom a service's pods need to reach, and on which ports. */
  private List<Peer> reachable(ServiceDeployment sd, Kafka kafka) {
    List<Peer> out = new ArrayList<>();
    if (kafka != null) {
      Map<String, Set<String>> brokers =
          Map.of(
              "strimzi.io/cluster",
              Set.of(kafka.getMetadata().getName()),
              "strimzi.io/broker-role",
              Set.of("true"));
      out.add(
          new Peer(
              "Kafka's brokers (pods " + labels(brokers) + ")",
              null,
              brokers,
              Set.of(kafka.getSpec().getKafka().getListeners().get(0).getPort() + "/TCP")));
    }
    Set<String> clusters = new TreeSet<>();
    for (String host : List.of("OPENUP_DB_HOST", "OPENUP_KEYS_DB_HOST")) {
      String value = sd.environment().get(host);
      if (value != null && value.endsWith("-rw")) {
        clusters.add(value.substring(0, value.length() - "-rw".length()));
      }
    }
    out.add(
        new Peer(
            "its PostgreSQL clusters (pods " + labels(Map.of("cnpg.io/cluster", clusters)) + ")",
            null,
            Map.of("cnpg.io/cluster", clusters),
            Set.of(sd.environment().getOrDefault("OPENUP_DB_PORT", "5432") + "/TCP")));
    out.add(
        new Peer(
            "DNS (namespace kube-system, pods k8s-app=kube-dns)",
            "kube-system",
            Map.of("k8s-app", Set.of("kube-dns")),
            Set.of("53/UDP", "53/TCP")));
    String keys = resolved(sd, "mp.jwt.verify.publickey.location").orElse("");
    if (keys.startsWith("https://") || keys.startsWith("http://")) {
      out.add(Peer.chosen("the identity provider's JWKS URL " + keys, Set.of(urlPort(keys))));
    }
    if ("false".equals(resolved(sd, "quarkus.otel.sdk.disabled").orElse("true"))) {
      String endpoint =
          Optional.ofNullable(sd.environment().get(OTLP_ENDPOINT))
              .or(() -> resolved(sd, "quarkus.otel.exporter.otlp.endpoint"))
              .orElse("http://localhost:4317");
      if (!endpoint.matches("https?://localhost([:/].*)?")) {
        out.add(Peer.chosen("the trace collector " + endpoint, Set.of(urlPort(endpoint))));
      }
    }
    return out;
  }

  private Optional<String> resolved(ServiceDeployment sd, String property) {
    try {
      return Optional.of(sd.config().resolve(property, sd.environment()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Labels as a reader writes them: {@code a=x, b in (y, z)}. */
  private static String labels(Map<String, Set<String>> labels) {
    return new TreeMap<>(labels)
        .entrySet().stream()
            .map(
                e ->
                    e.getValue().size() == 1
                        ? e.getKey() + "=" + e.getValue().iterator().next()
                        : e.getKey()
                            + " in ("
                            + String.join(", ", new TreeSet<>(e.getValue()))
                            + ")")
            .collect(Collectors.joining(", "));
  }

  /** The TCP port a URL names, or its scheme's. */
  private static String urlPort(String url) {
    java.net.URI uri = java.net.URI.create(url);
    int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    return port + "/TCP";
  }

  /** A rule's port as {@code number/protocol}, a named port of the container read as its number. */
  private static String portOf(JsonNode port, Map<String, Integer> named) {
    String value = port.path("port").asText();
    if (named.containsKey(value)) {
      value = String.valueOf(named.get(value));
    }
    if (port.has("endPort")) {
      value += "-" + port.path("endPort").asText();
    }
    return value + "/" + port.path("protocol").asText("TCP");
  }

  /** The known peer on this port that the rule's peer stays within, if any. */
  private static Optional<Peer> matching(List<Peer> peers, String port, JsonNode peer) {
    return peers.stream().filter(p -> p.ports().contains(port) && within(peer, p)).findFirst();
  }

  private static String whoOn(List<Peer> peers, String port) {
    List<String> who =
        peers.stream().filter(p -> p.ports().contains(port)).map(Peer::what).toList();
    return who.isEmpty() ? "anyone it needs on that port" : String.join(" or ", who);
  }

  /** Whether a rule's peer ({@code from} or {@code to}) selects nothing beyond the known peer. */
  private static boolean within(JsonNode peer, Peer known) {
    if (peer.has("ipBlock")) {
      return known.isChosen() && narrow(peer.path("ipBlock").path("cidr").asText());
    }
    JsonNode pods = peer.path("podSelector");
    JsonNode namespaces = peer.path("namespaceSelector");
    if (known.isChosen()) {
      return selectsSome(pods) && (namespaces.isMissingNode() || selectsSome(namespaces));
    }
    if (known.namespace() == null
        ? !namespaces.isMissingNode()
        : !restricted(namespaces, NAMESPACE_LABEL)
            .map(Set.of(known.namespace())::containsAll)
            .orElse(false)) {
      return false;
    }
    return known.labels().entrySet().stream()
        .allMatch(e -> restricted(pods, e.getKey()).map(e.getValue()::containsAll).orElse(false));
  }

  /** The values a selector allows a label, if it restricts it (matchLabels, or In). */
  private static Optional<Set<String>> restricted(JsonNode selector, String key) {
    Set<String> allowed = null;
    JsonNode value = selector.path("matchLabels").path(key);
    if (value.isValueNode()) {
      allowed = new TreeSet<>(Set.of(value.asText()));
    }
    for (JsonNode e : selector.path("matchExpressions")) {
      if (key.equals(e.path("key").asText()) && "In".equals(e.path("operator").asText())) {
        Set<String> values = new TreeSet<>();
        e.path("values").forEach(v -> values.add(v.asText()));
        if (allowed == null) {
          allowed = values;
        } else {
          allowed.retainAll(values);
        }
      }
    }
    return Optional.ofNullable(allowed);
  }

  /** A selector that names something: not absent, and not {} (which selects everything). */
  private static boolean selectsSome(JsonNode selector) {
    return !selector.path("matchLabels").isEmpty() || !selector.path("matchExpressions").isEmpty();
  }

  /** An address block of a provider's few addresses: IPv4 /16 or narrower, IPv6 /48 or narrower. */
  private static boolean narrow(String cidr) {
    int slash = cidr.indexOf('/');
    if (slash < 0) {
      return false;
    }
    try {
      int prefix = Integer.parseInt(cidr.substring(slash + 1));
      return prefix >= (cidr.contains(":") ? 48 : 16);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private void disruptionAndScaling(ServiceDeployment sd) {
    JsonNode labels = ModelValidity.KUBERNETES.convertValue(sd.podLabels(), JsonNode.class);
    boolean budget =
        rendered.all("PodDisruptionBudget").stream()
            .anyMatch(p -> Rendered.selects(p.path("spec").path("selector"), labels));
    if (!budget) {
      report("disruption", sd.name(), "has no PodDisruptionBudget");
    }
    Optional<ObjectNode> hpa =
        rendered.all("HorizontalPodAutoscaler").stream()
            .filter(
                h ->
                    sd.service().equals(h.path("spec").path("scaleTargetRef").path("name").asText())
                        && "Deployment"
                            .equals(h.path("spec").path("scaleTargetRef").path("kind").asText()))
            .findFirst();
    if (hpa.isEmpty()) {
      report("scaling", sd.name(), "has no HorizontalPodAutoscaler");
      return;
    }
    // The autoscaler's minimum is the overlay's number of replicas: the Deployment sets none.
    int min = hpa.get().path("spec").path("minReplicas").asInt(1);
    int max = hpa.get().path("spec").path("maxReplicas").asInt();
    if (min != expected.serviceReplicas()) {
      report(
          "replicas",
          describe(hpa.get()),
          "keeps at least " + min + " replicas, not " + expected.serviceReplicas());
    }
    if (max < min) {
      report(
          "scaling", describe(hpa.get()), "may scale up to " + max + ", below its minimum " + min);
    }
  }

  /**
   * The Ingress sends each REST path of the service's code to the service, on its API port, and no
   * path to a management port.
   */
  private void routes(ServiceDeployment sd) {
    List<ObjectNode> services =
        rendered.all("Service").stream()
            .filter(
                s ->
                    Rendered.selects(
                        s.path("spec").path("selector"),
                        ModelValidity.KUBERNETES.convertValue(sd.podLabels(), JsonNode.class)))
            .toList();
    int management = port(sd, "quarkus.management.port");
    for (ObjectNode service : services) {
      for (JsonNode p : service.path("spec").path("ports")) {
        String target = p.path("targetPort").asText(p.path("port").asText());
        if (target.equals("management") || target.equals(String.valueOf(management))) {
          report("ports", describe(service), "exposes the management port " + management);
        }
      }
    }
    if (sd.config().resourcePaths().isEmpty()) {
      report("ingress", sd.name(), "no REST resource path found in the service's code");
    }
    for (String resource : sd.config().resourcePaths()) {
      String path = SAMPLE_ID.matcher(resource).replaceAll("0f0e0d0c-0000-4000-8000-000000000001");
      Set<String> backends = routedTo(path);
      if (!backends.equals(Set.of(sd.service()))) {
        report(
            "ingress",
            sd.name(),
            resource + " is routed to " + backends + ", not to " + sd.service());
      }
    }
  }

  /** The services an Ingress sends a path to (ingress-nginx regular expressions, anchored). */
  private Set<String> routedTo(String path) {
    Set<String> backends = new TreeSet<>();
    for (ObjectNode ingress : rendered.all("Ingress")) {
      for (JsonNode rule : ingress.path("spec").path("rules")) {
        for (JsonNode p : rule.path("http").path("paths")) {
          String pattern = p.path("path").asText();
          boolean regex =
              "true"
                  .equals(
                      ingress
                          .path("metadata")
                          .path("annotations")
                          .path("nginx.ingress.kubernetes.io/use-regex")
                          .asText());
          boolean matches =
              regex
                  ? Pattern.compile("^" + pattern, Pattern.CASE_INSENSITIVE)
                      .matcher(path)
                      .lookingAt()
                  : path.startsWith(pattern);
          if (matches) {
            backends.add(p.path("backend").path("service").path("name").asText());
          }
        }
      }
    }
    return backends;
  }

  // ---------------------------------------------------------------------------------------------
  // Every Secret and ConfigMap referenced exists, is made by an operator, or is documented

  private void references() {
    for (ObjectNode object : rendered.all()) {
      String what = describe(object);
      String kind = object.path("kind").asText();
      if (kind.equals("Deployment")) {
        Deployment d = ModelValidity.kubernetes(object, Deployment.class);
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        for (Container c : pod.getContainers()) {
          for (EnvVar v : c.getEnv()) {
            if (v.getValueFrom() != null && v.getValueFrom().getSecretKeyRef() != null) {
              reference(
                  what,
                  "Secret",
                  v.getValueFrom().getSecretKeyRef().getName(),
                  v.getValueFrom().getSecretKeyRef().getKey());
            }
            if (v.getValueFrom() != null && v.getValueFrom().getConfigMapKeyRef() != null) {
              reference(
                  what,
                  "ConfigMap",
                  v.getValueFrom().getConfigMapKeyRef().getName(),
                  v.getValueFrom().getConfigMapKeyRef().getKey());
            }
          }
          for (EnvFromSource from : c.getEnvFrom()) {
            if (from.getConfigMapRef() != null)
              reference(what, "ConfigMap", from.getConfigMapRef().getName(), null);
            if (from.getSecretRef() != null)
              reference(what, "Secret", from.getSecretRef().getName(), null);
          }
        }
        for (Volume v : pod.getVolumes()) {
          if (v.getSecret() != null) {
            items(what, "Secret", v.getSecret().getSecretName(), v.getSecret().getItems());
          }
          if (v.getConfigMap() != null) {
            items(what, "ConfigMap", v.getConfigMap().getName(), v.getConfigMap().getItems());
          }
        }
      } else if (kind.equals("Cluster")) {
        for (JsonNode role : object.path("spec").path("managed").path("roles")) {
          if (role.has("passwordSecret")) {
            reference(
                what, "Secret", role.path("passwordSecret").path("name").asText(), "password");
            reference(
                what, "Secret", role.path("passwordSecret").path("name").asText(), "username");
          }
        }
      } else if (kind.equals("ObjectStore")) {
        for (JsonNode credential :
            object.path("spec").path("configuration").path("s3Credentials")) {
          reference(
              what, "Secret", credential.path("name").asText(), credential.path("key").asText());
        }
      } else if (kind.equals("Ingress")) {
        for (JsonNode tls : object.path("spec").path("tls")) {
          reference(what, "Secret", tls.path("secretName").asText(), "tls.crt");
        }
      }
    }
  }

  private void items(
      String what,
      String kind,
      String name,
      List<io.fabric8.kubernetes.api.model.KeyToPath> items) {
    if (items == null || items.isEmpty()) {
      reference(what, kind, name, null);
    } else {
      items.forEach(i -> reference(what, kind, name, i.getKey()));
    }
  }

  private void reference(String what, String kind, String name, String key) {
    Optional<Set<String>> keys = keysOf(kind, name);
    if (keys.isEmpty()) {
      report(
          "secrets",
          what,
          kind
              + " "
              + name
              + " is neither in the overlay, nor made by an operator, nor in deploy/README.md's 'What you provide'");
    } else if (key != null && !keys.get().contains(key)) {
      report("secrets", what, kind + " " + name + " has no key " + key);
    }
  }

  /** The keys of a Secret or ConfigMap, if the overlay, an operator or the user provides it. */
  private Optional<Set<String>> keysOf(String kind, String name) {
    Optional<ObjectNode> own = rendered.find(kind, name);
    if (own.isPresent()) {
      Set<String> keys = new TreeSet<>();
      own.get().path("data").fieldNames().forEachRemaining(keys::add);
      own.get().path("stringData").fieldNames().forEachRemaining(keys::add);
      return Optional.of(keys);
    }
    if (kind.equals("Secret")) {
      for (ObjectNode user : rendered.all("KafkaUser")) {
        if (name.equals(Kustomize.name(user))) {
          return Optional.of(STRIMZI_USER_SECRET_KEYS);
        }
      }
      for (ObjectNode kafka : rendered.all("Kafka")) {
        if (name.equals(Kustomize.name(kafka) + "-cluster-ca-cert")) {
          return Optional.of(STRIMZI_CLUSTER_CA_KEYS);
        }
      }
    }
    return provided.stream()
        .filter(p -> p.kind().equals(kind) && p.name().equals(name))
        .map(Repository.Provided::keys)
        .findFirst();
  }

  // ---------------------------------------------------------------------------------------------

  private void report(String check, String what, String message) {
    findings.add("[" + check + "] " + what + ": " + message);
  }

  private static String describe(JsonNode object) {
    return object.path("kind").asText() + " " + Kustomize.name(object);
  }

  private static boolean isZero(IntOrString value) {
    return value != null
        && ((value.getIntVal() != null && value.getIntVal() == 0)
            || "0%".equals(value.getStrVal())
            || "0".equals(value.getStrVal()));
  }

  private static Optional<JsonNode> volumeSource(
      Deployment deployment, String volume, String kind) {
    return deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals(volume))
        .findFirst()
        .map(v -> ModelValidity.KUBERNETES.convertValue(v, JsonNode.class).path(kind))
        .filter(n -> !n.isMissingNode());
  }
}
