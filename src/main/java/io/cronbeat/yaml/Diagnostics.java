package io.cronbeat.yaml;

import io.cronbeat.text.Diagnostic;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/** Collects every problem across every file before anything fails. */
public final class Diagnostics {

  private final List<Diagnostic> found = new ArrayList<>();

  public void add(String file, int line, int column, String message, String hint) {
    found.add(new Diagnostic(file, line, column, message, hint));
  }

  /** A problem at a node: SnakeYAML counts from 0, people from 1. */
  public void at(String file, Node node, String message, String hint) {
    add(file, node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1, message, hint);
  }

  /** Adds what {@code other} collected (a file read apart from the others), in its order. */
  public void addAll(Diagnostics other) {
    found.addAll(other.found);
  }

  public boolean isEmpty() {
    return found.isEmpty();
  }

  /** Files in the order they were read; within a file, by position. */
  public List<Diagnostic> all() {
    Map<String, Integer> fileOrder = new HashMap<>();
    found.forEach(d -> fileOrder.putIfAbsent(d.file(), fileOrder.size()));
    return found.stream()
        .sorted(Comparator.comparing((Diagnostic d) -> fileOrder.get(d.file()))
            .thenComparingInt(Diagnostic::line)
            .thenComparingInt(Diagnostic::column))
        .toList();
  }
}
