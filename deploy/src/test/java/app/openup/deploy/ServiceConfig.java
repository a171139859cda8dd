package app.openup.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a service reads, from the files it reads it from in the repository (never a copy): the
 * shared defaults of {@code service-support} and {@code eventing-quarkus}, its own {@code
 * application.properties}, and any properties files the deployment mounts as {@code
 * config/application.properties}, as the production profile sees them.
 */
final class ServiceConfig {

  static final List<String> SERVICES =
      List.of("needs-service", "session-service", "feedback-service");

  private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-\"]+)(:)?");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
  // @Path("literal") or @Path(Owner.CONSTANT) (or a constant of the class itself).
  private static final String PATH_VALUE =
      "@Path\\((?:\"([^\"]+)\"|(?:([A-Z]\\w*)\\.)?([A-Z][A-Z0-9_]*))\\)";
  private static final Pattern RESOURCE_PATH = Pattern.compile(PATH_VALUE);
  private static final Pattern CLASS_PATH = Pattern.compile("(?m)^" + PATH_VALUE);
  private static final Pattern DECLARATION =
      Pattern.compile("(?m)^\\s*(?!@)[\\w.<>,?\\[\\] ]+\\s\\w+\\s*\\(");
  private static final Pattern HTTP_METHOD = Pattern.compile("@(GET|POST|PUT|DELETE|PATCH)\\b");

  private final String service;
  private final Path module;
  private final Map<String, String> properties = new LinkedHashMap<>();
  private final List<String> sources = new ArrayList<>();

  private ServiceConfig(String service, Path module) {
    this.service = service;
    this.module = module;
  }

  /**
   * The service's configuration as its jar carries it (shared defaults first, its own over them).
   */
  static ServiceConfig of(String service) {
    Path root = Repository.root();
    ServiceConfig config = new ServiceConfig(service, root.resolve(service));
    // The shared defaults come with service-support, which brings eventing-quarkus.
    requireDependency(root, service, "service-support");
    requireDependency(root, "service-support", "eventing-quarkus");
    for (String library : List.of("service-support", "eventing-quarkus")) {
      config.load(
          root.resolve(library)
              .resolve("src/main/resources/META-INF/microprofile-config.properties"));
    }
    config.load(root.resolve(service).resolve("src/main/resources/application.properties"));
    return config;
  }

  private static void requireDependency(Path root, String module, String dependency) {
    String pom = Repository.readString(root.resolve(module).resolve("pom.xml"));
    if (!pom.contains("<artifactId>" + dependency + "</artifactId>")) {
      throw new IllegalStateException(module + " no longer depends on " + dependency);
    }
  }

  /** This configuration with a properties file mounted as config/application.properties over it. */
  ServiceConfig withMounted(String name, String text) {
    ServiceConfig copy = new ServiceConfig(service, module);
    copy.properties.putAll(properties);
    copy.sources.addAll(sources);
    copy.loadText(name, text);
    return copy;
  }

  String service() {
    return service;
  }

  Path module() {
    return module;
  }

  /** Every property, as the production profile sees it, with its raw (unexpanded) value. */
  Map<String, String> properties() {
    return properties;
  }

  Optional<String> property(String name) {
    return Optional.ofNullable(properties.get(name));
  }

  /** The environment variables the configuration names in an expression, ${NAME} or ${NAME:x}. */
  Set<String> referencedVariables() {
    Set<String> names = new LinkedHashSet<>();
    for (String value : properties.values()) {
      Matcher m = EXPRESSION.matcher(value);
      while (m.find()) {
        if (ENV_NAME.matcher(m.group(1)).matches()) {
          names.add(m.group(1));
        }
      }
    }
    return names;
  }

  /** The environment variables named with no default: the service does not start without them. */
  Set<String> requiredVariables() {
    Set<String> names = new LinkedHashSet<>();
    for (String value : properties.values()) {
      Matcher m = EXPRESSION.matcher(value);
      while (m.find()) {
        if (ENV_NAME.matcher(m.group(1)).matches() && m.group(2) == null) {
          names.add(m.group(1));
        }
      }
    }
    return names;
  }

  /**
   * Whether setting the environment variable changes what the service reads: the configuration
   * names it in an expression, or it is the environment form of a property the configuration has
   * (MicroProfile Config: upper case, each character not a letter or digit an underscore).
   */
  boolean reads(String variable) {
    if (referencedVariables().contains(variable)) {
      return true;
    }
    return properties.keySet().stream().anyMatch(key -> environmentName(key).equals(variable));
  }

  static String environmentName(String property) {
    return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  /**
   * The value of a property once its expressions are expanded, with the given environment (a
   * variable unset takes the expression's default).
   */
  String resolve(String name, Map<String, String> environment) {
    String value = properties.get(name);
    if (value == null) {
      throw new IllegalStateException(service + " has no property " + name);
    }
    return expand(value, environment, 0);
  }

  private String expand(String value, Map<String, String> environment, int depth) {
    if (depth > 10) {
      throw new IllegalStateException("expressions nest too deep: " + value);
    }
    int start = value.indexOf("${");
    if (start < 0) {
      return value;
    }
    int end = matchingBrace(value, start + 2);
    String inner = value.substring(start + 2, end);
    int colon = topLevelColon(inner);
    String name = colon < 0 ? inner : inner.substring(0, colon);
    String fallback = colon < 0 ? null : inner.substring(colon + 1);
    String replacement;
    if (environment.containsKey(name)) {
      replacement = environment.get(name);
    } else if (properties.containsKey(name)) {
      replacement = expand(properties.get(name), environment, depth + 1);
    } else if (fallback != null) {
      replacement = expand(fallback, environment, depth + 1);
    } else {
      throw new IllegalStateException(service + ": nothing sets " + name);
    }
    return expand(
        value.substring(0, start) + replacement + value.substring(end + 1), environment, depth + 1);
  }

  private static int matchingBrace(String value, int from) {
    int depth = 1;
    for (int i = from; i < value.length(); i++) {
      if (value.startsWith("${", i)) {
        depth++;
        i++;
      } else if (value.charAt(i) == '}' && --depth == 0) {
        return i;
      }
    }
    throw new IllegalStateException("unclosed expression: " + value);
  }

  private static int topLevelColon(String inner) {
    int depth = 0;
    for (int i = 0; i < inner.length(); i++) {
      if (inner.startsWith("${", i)) {
        depth++;
        i++;
      } else if (inner.charAt(i) == '}') {
        depth--;
      } else if (inner.charAt(i) == ':' && depth == 0) {
        return i;
      }
    }
    return -1;
  }

  /** The Kafka topic the service's relay publishes its events to. */
  String eventTopic() {
    return properties.get("openup.eventing.topic");
  }

  /** The service's SmallRye Kafka channels that consume. */
  List<Channel> incomingChannels() {
    List<Channel> channels = new ArrayList<>();
    String prefix = "mp.messaging.incoming.";
    for (Map.Entry<String, String> e : properties.entrySet()) {
      if (e.getKey().startsWith(prefix)
          && e.getKey().endsWith(".connector")
          && e.getValue().equals("smallrye-kafka")) {
        String name =
            e.getKey().substring(prefix.length(), e.getKey().length() - ".connector".length());
        String p = prefix + name + ".";
        List<String> topics =
            properties.containsKey(p + "topics")
                ? List.of(properties.get(p + "topics").split("\\s*,\\s*"))
                : List.of(properties.getOrDefault(p + "topic", name));
        Optional<String> deadLetters =
            "dead-letter-queue".equals(properties.get(p + "failure-strategy"))
                ? Optional.of(
                    properties.getOrDefault(
                        p + "dead-letter-queue.topic", "dead-letter-topic-" + name))
                : Optional.empty();
        channels.add(
            new Channel(
                name,
                topics,
                properties.getOrDefault(p + "group.id", properties.get("quarkus.application.name")),
                deadLetters));
      }
    }
    return channels;
  }

  /** The topics the service writes: its own event topic and its channels' dead-letter topics. */
  Set<String> writtenTopics() {
    Set<String> topics = new LinkedHashSet<>();
    topics.add(eventTopic());
    incomingChannels().forEach(c -> c.deadLetterTopic().ifPresent(topics::add));
    for (Map.Entry<String, String> e : properties.entrySet()) {
      if (e.getKey().matches("mp\\.messaging\\.outgoing\\.[^.]+\\.topic")) {
        topics.add(e.getValue());
      }
    }
    return topics;
  }

  Set<String> readTopics() {
    Set<String> topics = new LinkedHashSet<>();
    incomingChannels().forEach(c -> topics.addAll(c.topics()));
    return topics;
  }

  /**
   * The paths of the service's REST resources, from its code: each resource method's {@code @Path}
   * under its class's, or the class's own for a method with none.
   */
  List<String> resourcePaths() {
    List<String> paths = new ArrayList<>();
    Map<String, String> classes = new LinkedHashMap<>();
    try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        classes.put(file.getFileName().toString().replace(".java", ""), Files.readString(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Map.Entry<String, String> source : classes.entrySet()) {
      String code = source.getValue();
      Matcher base = CLASS_PATH.matcher(code);
      if (!base.find()) {
        continue;
      }
      String root = pathOf(base, source.getKey(), classes);
      Matcher method = HTTP_METHOD.matcher(code);
      while (method.find()) {
        // The method's own annotations: up to its declaration (a line that is no annotation).
        Matcher declaration = DECLARATION.matcher(code);
        int end = declaration.find(method.end()) ? declaration.start() : code.length();
        Matcher sub = RESOURCE_PATH.matcher(code.substring(method.end(), end));
        paths.add(sub.find() ? root + "/" + pathOf(sub, source.getKey(), classes) : root);
      }
    }
    return paths.stream().distinct().toList();
  }

  /** The value of an {@code @Path}: a literal, or a constant of the service's code. */
  private static String pathOf(Matcher path, String inClass, Map<String, String> classes) {
    if (path.group(1) != null) {
      return path.group(1);
    }
    String owner = path.group(2) != null ? path.group(2) : inClass;
    Matcher constant =
        Pattern.compile("static final String " + path.group(3) + " = \"([^\"]*)\";")
            .matcher(classes.getOrDefault(owner, ""));
    if (!constant.find()) {
      throw new IllegalStateException("Cannot read the path " + path.group() + " in " + inClass);
    }
    return constant.group(1);
  }

  /**
   * Whether the service rebuilds a read model from topics ({@code TopicProjection}): a rebuild
   * reads under consumer groups of its own, {@code rebuild-<projection>-<uuid>}.
   */
  boolean rebuildsFromTopics() {
    return sources(".java").stream().anyMatch(code -> code.contains("implements TopicProjection"));
  }

  private List<String> sources(String suffix) {
    try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
      List<String> texts = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(suffix)).toList()) {
        texts.add(Files.readString(file));
      }
      return texts;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void load(Path file) {
    loadText(Repository.root().relativize(file).toString(), Repository.readString(file));
  }

  private void loadText(String name, String text) {
    Properties read = new Properties();
    try {
      read.load(new StringReader(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    sources.add(name);
    // Plain keys first, then %prod. ones over them; other profiles are not production.
    for (String key : read.stringPropertyNames()) {
      if (!key.startsWith("%")) {
        properties.put(key, read.getProperty(key));
      }
    }
    for (String key : read.stringPropertyNames()) {
      if (key.startsWith("%prod.")) {
        properties.put(key.substring("%prod.".length()), read.getProperty(key));
      }
    }
  }

  @Override
  public String toString() {
    return service + " " + sources;
  }

  /** A consuming channel: its topics, consumer group and dead-letter topic. */
  record Channel(
      String name, List<String> topics, String groupId, Optional<String> deadLetterTopic) {}
}
