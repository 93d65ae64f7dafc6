package io.cronbeat.cli;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.job.JobDefinition;
import io.cronbeat.job.NodeSelector;
import io.cronbeat.store.NodeTable;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code validate}'s warnings about {@code nodes:} selectors that no node registered in the store
 * matches: valid, but their runs would wait until such a node starts.
 */
final class UnmatchedSelectors {

  private UnmatchedSelectors() {}

  /** One {@code FILE:LINE:COL: warning: ...} line and a hint per job no registered node may run. */
  static List<String> warnings(List<JobDefinition> jobs, List<NodeTable.NodeRow> nodes) {
    List<Map<String, String>> labels = nodes.stream().map(NodeTable.NodeRow::labels).toList();
    String registered = nodes.isEmpty() ? "none is registered"
        : "the registered nodes have: " + nodes.stream().map(n -> n.labels().isEmpty() ? "(no labels)"
            : CronbeatConfig.Cluster.pairs(n.labels())).distinct().sorted().collect(Collectors.joining("; "));
    return jobs.stream().filter(job -> !job.placement().nodes().any())
        .filter(job -> labels.stream().noneMatch(job.placement().nodes()::matches))
        .map(job -> {
          NodeSelector selector = job.placement().nodes();
          return job.source() + ": warning: job '" + job.name() + "' runs on a node with " + selector.describe()
              + "; no node registered in the store has that (" + registered + ")" + System.lineSeparator()
              + "  hint: start a node with node.labels (or CRONBEAT_NODE_LABELS) " + example(selector)
              + ", or change the job's nodes:; until then its runs wait";
        }).toList();
  }

  private static String example(NodeSelector selector) {
    return selector.labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().get(0))
        .collect(Collectors.joining(","));
  }
}
