package app.openup.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The objects an overlay renders to, found by kind and name. */
final class Rendered {

  private final String name;
  private final List<ObjectNode> objects;

  private Rendered(String name, List<ObjectNode> objects) {
    this.name = name;
    this.objects = List.copyOf(objects);
  }

  static Rendered overlay(String name) {
    return of(name, Repository.overlay(name));
  }

  static Rendered of(String name, Path kustomization) {
    return new Rendered(name, Kustomize.render(kustomization));
  }

  String name() {
    return name;
  }

  List<ObjectNode> all() {
    return objects;
  }

  List<ObjectNode> all(String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
  }

  Optional<ObjectNode> find(String kind, String name) {
    return all(kind).stream().filter(o -> name.equals(Kustomize.name(o))).findFirst();
  }

  /** Whether a selector's labels (matchLabels, or a plain map) all hold on the given labels. */
  static boolean selects(JsonNode selector, JsonNode labels) {
    JsonNode match = selector.has("matchLabels") ? selector.get("matchLabels") : selector;
    if (selector.has("matchExpressions") || match.isEmpty()) {
      return false;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = match.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return name;
  }
}
