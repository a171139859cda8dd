package app.openup.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.zjsonpatch.CompatibilityFlags;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization offline, as {@code kubectl kustomize} does, for exactly the subset of
 * Kustomize that the manifests under {@code deploy/kubernetes} use: {@code resources} (files and
 * directories), {@code namespace}, {@code labels} (on metadata only), {@code images} ({@code
 * newName}, {@code newTag}) and {@code patches} (inline RFC 6902 JSON patches, targeted by kind and
 * name). Any other field, or another form of one of these, is refused with the reason: the renderer
 * never guesses, so it cannot quietly render something that real Kustomize renders otherwise.
 *
 * <p>The transformations run in Kustomize's order: the resources (each base rendered first), then
 * this level's patches, namespace, labels and images.
 */
final class Kustomize {

  static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory());

  private static final Set<String> FIELDS =
      Set.of("apiVersion", "kind", "resources", "namespace", "labels", "images", "patches");
  private static final Set<String> CLUSTER_SCOPED =
      Set.of(
          "Namespace",
          "CustomResourceDefinition",
          "ClusterRole",
          "ClusterRoleBinding",
          "PersistentVolume",
          "StorageClass",
          "PriorityClass",
          "IngressClass");
  // Kinds whose other fields Kustomize's namespace or name transformers rewrite: not supported.
  private static final Set<String> UNSUPPORTED_KINDS =
      Set.of(
          "RoleBinding", "ClusterRoleBinding", "ServiceAccount", "ValidatingWebhookConfiguration");

  private Kustomize() {}

  /** The objects the kustomization in {@code dir} renders to, in Kustomize's resource order. */
  static List<ObjectNode> render(Path dir) {
    Path file = dir.resolve("kustomization.yaml");
    if (!Files.isRegularFile(file)) {
      throw new KustomizeException(dir + " has no kustomization.yaml");
    }
    JsonNode kustomization = read(file).get(0);
    for (Iterator<String> names = kustomization.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new KustomizeException(file + ": field '" + name + "' is not supported");
      }
    }
    expect(kustomization, "apiVersion", "kustomize.config.k8s.io/v1beta1", file);
    expect(kustomization, "kind", "Kustomization", file);

    List<ObjectNode> objects = new ArrayList<>();
    for (JsonNode resource : kustomization.path("resources")) {
      Path path = dir.resolve(resource.asText()).normalize();
      if (Files.isDirectory(path)) {
        objects.addAll(render(path));
      } else if (Files.isRegularFile(path)) {
        for (JsonNode node : read(path)) {
          if (!node.isObject()) {
            throw new KustomizeException(path + ": a document is not an object");
          }
          objects.add((ObjectNode) node);
        }
      } else {
        throw new KustomizeException(file + ": resource " + resource.asText() + " not found");
      }
    }
    refuseDuplicatesAndUnsupportedKinds(objects, file);

    for (JsonNode patch : kustomization.path("patches")) {
      applyPatch(objects, patch, file);
    }
    if (kustomization.has("namespace")) {
      setNamespace(objects, kustomization.get("namespace").asText(), file);
    }
    for (JsonNode labels : kustomization.path("labels")) {
      addLabels(objects, labels, file);
    }
    for (JsonNode image : kustomization.path("images")) {
      setImage(objects, image, file);
    }
    return objects;
  }

  static List<JsonNode> read(Path file) {
    try {
      return readAll(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
  }

  static List<JsonNode> readAll(String yaml) throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    // One value per document, a list too (a reader of many values would unwrap a root list).
    try (JsonParser parser = YAML.getFactory().createParser(yaml)) {
      while (parser.nextToken() != null) {
        JsonNode node = YAML.readTree(parser);
        if (node != null && !node.isNull() && !node.isMissingNode()) {
          documents.add(node);
        }
      }
    }
    return documents;
  }

  private static void applyPatch(List<ObjectNode> objects, JsonNode patch, Path file) {
    only(patch, Set.of("target", "patch"), file, "a patch");
    JsonNode target = patch.path("target");
    only(target, Set.of("kind", "name"), file, "a patch target");
    if (!target.has("kind") || !patch.has("patch")) {
      throw new KustomizeException(file + ": a patch needs a target kind and an inline patch");
    }
    JsonNode operations;
    try {
      operations = YAML.readTree(patch.get("patch").asText());
    } catch (JsonProcessingException e) {
      throw new KustomizeException(file + ": a patch is not YAML: " + e.getOriginalMessage());
    }
    if (operations == null || !operations.isArray()) {
      throw new KustomizeException(
          file + ": only RFC 6902 JSON patches (a list of operations) are supported");
    }
    String kind = target.get("kind").asText();
    String name = target.has("name") ? target.get("name").asText() : null;
    if (name != null && !name.matches("[a-z0-9-]+")) {
      throw new KustomizeException(file + ": a target name is a plain name here, not a pattern");
    }
    int matched = 0;
    for (int i = 0; i < objects.size(); i++) {
      ObjectNode object = objects.get(i);
      if (kind.equals(object.path("kind").asText())
          && (name == null || name.equals(object.path("metadata").path("name").asText()))) {
        try {
          objects.set(
              i,
              (ObjectNode)
                  JsonPatch.apply(
                      operations,
                      object,
                      EnumSet.of(CompatibilityFlags.FORBID_REMOVE_MISSING_OBJECT)));
        } catch (RuntimeException e) {
          throw new KustomizeException(
              file + ": patch of " + kind + " " + name(object) + " failed: " + e.getMessage());
        }
        matched++;
      }
    }
    if (matched == 0) {
      throw new KustomizeException(
          file + ": a patch targets " + kind + (name == null ? "" : " " + name) + ": none found");
    }
  }

  private static void setNamespace(List<ObjectNode> objects, String namespace, Path file) {
    for (ObjectNode object : objects) {
      String kind = object.path("kind").asText();
      if (kind.equals("Namespace")) {
        if (!namespace.equals(name(object))) {
          throw new KustomizeException(
              file + ": Namespace " + name(object) + " is not the namespace " + namespace);
        }
      } else if (!CLUSTER_SCOPED.contains(kind)) {
        metadata(object).put("namespace", namespace);
      }
    }
  }

  private static void addLabels(List<ObjectNode> objects, JsonNode labels, Path file) {
    only(labels, Set.of("pairs", "includeSelectors", "includeTemplates"), file, "labels");
    if (labels.path("includeSelectors").asBoolean(false)
        || labels.path("includeTemplates").asBoolean(false)) {
      throw new KustomizeException(file + ": labels go on metadata only here");
    }
    for (ObjectNode object : objects) {
      ObjectNode metadata = metadata(object);
      ObjectNode existing =
          metadata.has("labels")
              ? (ObjectNode) metadata.get("labels")
              : metadata.putObject("labels");
      for (Iterator<Map.Entry<String, JsonNode>> pairs = labels.path("pairs").fields();
          pairs.hasNext(); ) {
        Map.Entry<String, JsonNode> pair = pairs.next();
        existing.put(pair.getKey(), pair.getValue().asText());
      }
    }
  }

  private static void setImage(List<ObjectNode> objects, JsonNode image, Path file) {
    only(image, Set.of("name", "newName", "newTag"), file, "an image");
    String name = image.path("name").asText();
    for (ObjectNode object : objects) {
      JsonNode podSpec = object.path("spec").path("template").path("spec");
      for (String field : List.of("containers", "initContainers")) {
        for (JsonNode container : podSpec.path(field)) {
          String current = container.path("image").asText();
          String currentName = imageName(current);
          if (currentName.equals(name)) {
            String tag =
                image.has("newTag")
                    ? image.get("newTag").asText()
                    : current.substring(currentName.length()).replaceFirst("^:", "");
            String newName = image.has("newName") ? image.get("newName").asText() : currentName;
            ((ObjectNode) container).put("image", tag.isEmpty() ? newName : newName + ":" + tag);
          }
        }
      }
    }
  }

  /** An image reference without its tag (a registry's port is part of the name). */
  static String imageName(String image) {
    int digest = image.indexOf('@');
    String withoutDigest = digest < 0 ? image : image.substring(0, digest);
    int colon = withoutDigest.lastIndexOf(':');
    return colon > withoutDigest.lastIndexOf('/')
        ? withoutDigest.substring(0, colon)
        : withoutDigest;
  }

  private static void refuseDuplicatesAndUnsupportedKinds(List<ObjectNode> objects, Path file) {
    Set<String> ids = new HashSet<>();
    for (ObjectNode object : objects) {
      String kind = object.path("kind").asText();
      if (UNSUPPORTED_KINDS.contains(kind)) {
        throw new KustomizeException(file + ": kind " + kind + " is not supported here");
      }
      String id = object.path("apiVersion").asText() + "/" + kind + "/" + name(object);
      if (!ids.add(id)) {
        throw new KustomizeException(file + ": " + id + " is declared twice");
      }
    }
  }

  private static void only(JsonNode node, Set<String> fields, Path file, String what) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw new KustomizeException(file + ": '" + name + "' of " + what + " is not supported");
      }
    }
  }

  private static void expect(JsonNode node, String field, String value, Path file) {
    if (!value.equals(node.path(field).asText())) {
      throw new KustomizeException(file + ": " + field + " must be " + value);
    }
  }

  private static ObjectNode metadata(ObjectNode object) {
    return object.has("metadata")
        ? (ObjectNode) object.get("metadata")
        : object.putObject("metadata");
  }

  static String name(JsonNode object) {
    return object.path("metadata").path("name").asText();
  }

  /** A kustomization this renderer does not render (and so will not guess at). */
  static final class KustomizeException extends RuntimeException {
    KustomizeException(String message) {
      super(message);
    }
  }
}
