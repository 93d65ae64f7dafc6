package io.cronbeat.job;

import io.cronbeat.yaml.NodeReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads a job's {@code nodes:} selector and {@code concurrency:} group, with what to write instead. */
final class PlacementReader {

  static final Pattern GROUP_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
  static final String NODES_HINT = "write the labels a node must have, e.g. nodes: {role: backup}, or a list for any of"
      + " several values: nodes: {role: [backup, restore]}";
  static final String CONCURRENCY_HINT = "write concurrency: {group: db-heavy, limit: 2} (limit: 1 makes the group a mutex)";
  private static final Pattern PAIRS = Pattern.compile("[^=,\\s]+=[^=,\\s]+(,[^=,\\s]+=[^=,\\s]+)*");
  private static final Set<String> CONCURRENCY_KEYS = Set.of("group", "limit");

  private PlacementReader() {}

  static Optional<NodeSelector> nodes(Node node, NodeReader reader) {
    Optional<MappingNode> map = reader.mapping(node, "nodes", pairsWritten(node).orElse(NODES_HINT));
    if (map.isEmpty()) {
      return Optional.empty();
    }
    if (map.get().getValue().isEmpty()) {
      reader.error(node, "nodes names no label", NODES_HINT + "; or remove nodes to run on any node");
      return Optional.empty();
    }
    Map<String, List<String>> labels = new LinkedHashMap<>();
    boolean ok = true;
    for (Map.Entry<String, NodeTuple> entry : reader.entries(map.get(), null, "nodes").entrySet()) {
      String name = entry.getKey();
      if (!NodeSelector.LABEL_NAME.matcher(name).matches()) {
        reader.error(entry.getValue().getKeyNode(), "label name '" + name + "' is not allowed",
            "use letters, digits, '.', '_', '-' and '/', starting with a letter or digit, e.g. role");
        ok = false;
        continue;
      }
      Optional<List<String>> values = values(name, entry.getValue().getValueNode(), reader);
      ok &= values.isPresent();
      values.ifPresent(v -> labels.put(name, v));
    }
    return ok && labels.size() == map.get().getValue().size() ? Optional.of(new NodeSelector(labels)) : Optional.empty();
  }

  /** {@code nodes: role=backup} is the environment's form: show the same labels as YAML. */
  private static Optional<String> pairsWritten(Node node) {
    if (node instanceof ScalarNode scalar && PAIRS.matcher(scalar.getValue()).matches()) {
      return Optional.of("write it as a map: nodes: {" + scalar.getValue().replace("=", ": ").replace(",", ", ") + "}");
    }
    return Optional.empty();
  }

  private static Optional<List<String>> values(String label, Node node, NodeReader reader) {
    String field = "nodes " + label;
    String hint = "write the value a node's label " + label + " must have, or a list of values any of which will do, e.g. "
        + label + ": [a, b]";
    List<Node> items = node instanceof SequenceNode list ? list.getValue() : List.of(node);
    if (items.isEmpty()) {
      reader.error(node, field + " is an empty list: no node could match", hint);
      return Optional.empty();
    }
    List<String> values = new ArrayList<>();
    boolean ok = true;
    for (Node item : items) {
      Optional<String> value = reader.string(item, field, hint);
      if (value.isPresent() && !NodeSelector.LABEL_VALUE.matcher(value.get()).matches()) {
        reader.error(item, field + " value '" + value.get() + "' is not allowed",
            "use letters, digits, '.', '_' and '-'; for several values write a list, e.g. " + label + ": [a, b]");
        value = Optional.empty();
      }
      ok &= value.isPresent();
      value.ifPresent(values::add);
    }
    return ok ? Optional.of(values) : Optional.empty();
  }

  static Optional<ConcurrencyGroup> concurrency(Node node, NodeReader reader) {
    Optional<MappingNode> map = reader.mapping(node, "concurrency", CONCURRENCY_HINT);
    if (map.isEmpty()) {
      return Optional.empty();
    }
    Map<String, NodeTuple> fields = reader.entries(map.get(), CONCURRENCY_KEYS, "concurrency");
    boolean ok = fields.size() == map.get().getValue().size();
    Optional<String> group = Optional.empty();
    if (fields.containsKey("group")) {
      Node value = fields.get("group").getValueNode();
      group = reader.string(value, "concurrency group", CONCURRENCY_HINT);
      if (group.isPresent() && !GROUP_NAME.matcher(group.get()).matches()) {
        reader.error(value, "concurrency group '" + group.get() + "' is not allowed",
            "use lowercase letters, digits, '.', '_' and '-', starting with a letter or digit, e.g. db-heavy");
        group = Optional.empty();
      }
    } else if (ok) {
      reader.error(node, "concurrency has no group", CONCURRENCY_HINT);
    }
    Optional<Integer> limit = Optional.empty();
    if (fields.containsKey("limit")) {
      limit = reader.integer(fields.get("limit").getValueNode(), "concurrency limit", 1, ConcurrencyGroup.MAX_LIMIT);
    } else if (ok && group.isPresent()) {
      reader.error(node, "concurrency has no limit",
          "write how many runs of group " + group.get() + "'s jobs may run at once, e.g. concurrency: {group: " + group.get()
              + ", limit: 2}; concurrency.groups in the configuration may raise or lower it for a cluster");
    }
    return ok && group.isPresent() && limit.isPresent() ? Optional.of(new ConcurrencyGroup(group.get(), limit.get()))
        : Optional.empty();
  }
}
