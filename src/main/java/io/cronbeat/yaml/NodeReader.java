package io.cronbeat.yaml;

import io.cronbeat.text.DidYouMean;
import io.cronbeat.text.DurationText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Typed reads of YAML nodes in one file; every problem becomes a positioned diagnostic. */
public final class NodeReader {

  private final String file;
  private final Diagnostics diagnostics;

  public NodeReader(String file, Diagnostics diagnostics) {
    this.file = file;
    this.diagnostics = diagnostics;
  }

  public String file() {
    return file;
  }

  public void error(Node at, String message, String hint) {
    diagnostics.at(file, at, message, hint);
  }

  /**
   * The entries of a map by key, keeping order. Unknown keys (with a suggestion), duplicate
   * keys and keys that are not plain strings are reported and left out.
   */
  public Map<String, NodeTuple> entries(MappingNode map, Set<String> known, String where) {
    return entries(map, known, where, key -> false);
  }

  /** As {@link #entries(MappingNode, Set, String)}, passing over keys that {@code ignored} accepts. */
  public Map<String, NodeTuple> entries(MappingNode map, Set<String> known, String where, Predicate<String> ignored) {
    Map<String, NodeTuple> entries = new LinkedHashMap<>();
    for (NodeTuple tuple : map.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode scalar && ignored.test(scalar.getValue())) {
        continue;
      }
      Node keyNode = tuple.getKeyNode();
      if (!(keyNode instanceof ScalarNode scalar) || keyNode.getTag() == Tag.NULL) {
        error(keyNode, "keys in " + where + " must be plain names", "write a name followed by ':'");
        continue;
      }
      String key = scalar.getValue();
      if (entries.containsKey(key)) {
        Node first = entries.get(key).getKeyNode();
        error(keyNode, "'" + key + "' is set twice in " + where + " (first on line " + (first.getStartMark().getLine() + 1) + ")",
            "keep one of them");
        continue;
      }
      if (known != null && !known.contains(key)) {
        Optional<String> suggestion = DidYouMean.closest(key, known);
        error(keyNode, "unknown key '" + key + "' in " + where
                + suggestion.map(s -> ": did you mean '" + s + "'?").orElse(""),
            "the keys " + where + " takes are: " + String.join(", ", known.stream().sorted().toList()));
        continue;
      }
      entries.put(key, tuple);
    }
    return entries;
  }

  public Optional<MappingNode> mapping(Node node, String field, String hint) {
    if (node instanceof MappingNode map) {
      return Optional.of(map);
    }
    error(node, field + " must be a map, not " + kind(node), hint);
    return Optional.empty();
  }

  public Optional<String> string(Node node, String field, String hint) {
    if (node instanceof ScalarNode scalar && node.getTag() != Tag.NULL) {
      return Optional.of(scalar.getValue());
    }
    error(node, field + " must be a text value, not " + kind(node), hint);
    return Optional.empty();
  }

  public Optional<Boolean> bool(Node node, String field) {
    if (node instanceof ScalarNode scalar && node.getTag() == Tag.BOOL) {
      return Optional.of(scalar.getValue().toLowerCase(Locale.ROOT).equals("true"));
    }
    error(node, field + " must be true or false, not " + kind(node), "write " + field + ": true or " + field + ": false");
    return Optional.empty();
  }

  public Optional<Integer> integer(Node node, String field, int min, int max) {
    String hint = "write a whole number from " + min + " to " + max;
    if (node instanceof ScalarNode scalar && node.getTag() == Tag.INT) {
      try {
        int value = Integer.parseInt(scalar.getValue());
        if (value >= min && value <= max) {
          return Optional.of(value);
        }
      } catch (NumberFormatException tooLarge) {
        // reported below
      }
      error(node, field + " " + scalar.getValue() + " is outside " + min + "-" + max, hint);
      return Optional.empty();
    }
    error(node, field + " must be a whole number, not " + kind(node), hint);
    return Optional.empty();
  }

  /** A duration such as {@code 30s}; zero only when {@code allowZero}. */
  public Optional<Duration> duration(Node node, String field, boolean allowZero) {
    if (node instanceof ScalarNode scalar && node.getTag() != Tag.NULL) {
      String text = scalar.getValue();
      Optional<Duration> parsed = DurationText.parse(text);
      if (parsed.isEmpty()) {
        String hint = text.matches("\\d+") ? "add a unit: write " + text + "s for seconds or " + text + "m for minutes"
            : DurationText.HINT;
        error(node, field + " '" + text + "' is not a duration", hint);
      } else if (parsed.get().isZero() && !allowZero) {
        error(node, field + " must be longer than 0s", DurationText.HINT);
        return Optional.empty();
      }
      return parsed;
    }
    error(node, field + " must be a duration, not " + kind(node), DurationText.HINT);
    return Optional.empty();
  }

  /** One of a few words, case-insensitive. */
  public <E> Optional<E> oneOf(Node node, String field, Map<String, E> allowed) {
    String hint = "write one of: " + String.join(", ", allowed.keySet());
    if (node instanceof ScalarNode scalar && node.getTag() != Tag.NULL) {
      E value = allowed.get(scalar.getValue().toLowerCase(Locale.ROOT));
      if (value == null) {
        Optional<String> suggestion = DidYouMean.closest(scalar.getValue(), allowed.keySet());
        error(node, field + " '" + scalar.getValue() + "' is not one of " + String.join(", ", allowed.keySet())
            + suggestion.map(s -> ": did you mean '" + s + "'?").orElse(""), hint);
      }
      return Optional.ofNullable(value);
    }
    error(node, field + " must be a word, not " + kind(node), hint);
    return Optional.empty();
  }

  /** A list of plain values, read as text. */
  public Optional<List<String>> strings(SequenceNode node, String field, String hint) {
    List<String> values = new ArrayList<>();
    boolean ok = true;
    for (Node item : node.getValue()) {
      Optional<String> value = string(item, field + " items", hint);
      ok &= value.isPresent();
      value.ifPresent(values::add);
    }
    return ok ? Optional.of(values) : Optional.empty();
  }

  private static String kind(Node node) {
    if (node instanceof MappingNode) {
      return "a map";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return node.getTag() == Tag.NULL ? "empty" : "'" + ((ScalarNode) node).getValue() + "'";
  }
}
