package io.cronbeat.job;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which nodes may run a job: every label it names must match the node's, and a label given a
 * list matches any of its values. The empty selector matches every node.
 *
 * @param labels label name to the values it accepts, sorted so that equal selectors compare (and
 *     fingerprint) equal whatever order they were written in
 */
public record NodeSelector(Map<String, List<String>> labels) {

  public static final NodeSelector ANY = new NodeSelector(Map.of());
  /** Label names and values, as jobs and {@code node.labels} write them. */
  public static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,62}");
  public static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  public NodeSelector {
    TreeMap<String, List<String>> sorted = new TreeMap<>();
    labels.forEach((name, values) -> sorted.put(name, values.stream().distinct().sorted().toList()));
    labels = Collections.unmodifiableMap(sorted);
  }

  public boolean any() {
    return labels.isEmpty();
  }

  public boolean matches(Map<String, String> nodeLabels) {
    return labels.entrySet().stream().allMatch(e -> e.getValue().contains(nodeLabels.get(e.getKey())));
  }

  /** {@code role=backup}, {@code dc=eu|us, role=backup}: what a matching node has. */
  public String describe() {
    return labels.entrySet().stream().map(e -> e.getKey() + "=" + String.join("|", e.getValue()))
        .collect(Collectors.joining(", "));
  }
}
