package io.cronbeat.store;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** {@code cb_nodes}: who is in the cluster and when each last said so. */
public final class NodeTable {

  private final Jdbc jdbc;

  public NodeTable(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * A node as the cluster last heard of it.
   *
   * @param processKey where its pid means something (see the dispatcher's Host)
   * @param processStartedAt when its process started, to tell it from a later process with the same pid
   * @param labels its {@code node.labels}, which decide the jobs it may run
   */
  public record NodeRow(String id, String host, long pid, Instant startedAt, Instant heartbeatAt, Instant stoppedAt,
      String processKey, Instant processStartedAt, Map<String, String> labels) {

    public NodeRow {
      labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    }
  }

  public void register(NodeRow node) {
    jdbc.update("INSERT INTO cb_nodes (id, host, pid, started_at, heartbeat_at, boot_id, process_started_at, labels)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", node.id(), node.host(), node.pid(), node.startedAt().toEpochMilli(),
        node.heartbeatAt().toEpochMilli(), node.processKey(),
        node.processStartedAt() == null ? null : node.processStartedAt().toEpochMilli(),
        node.labels().isEmpty() ? null : labelText(node.labels()));
  }

  /** Labels as stored: {@code host=db1,role=backup}, sorted (names and values hold no ',' or '='). */
  static String labelText(Map<String, String> labels) {
    return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }

  static Map<String, String> labels(String text) {
    Map<String, String> labels = new TreeMap<>();
    if (text != null) {
      for (String pair : text.split(",")) {
        String[] parts = pair.split("=", 2);
        if (parts.length == 2) {
          labels.put(parts[0], parts[1]);
        }
      }
    }
    return labels;
  }

  public void heartbeat(String nodeId, Instant now) {
    jdbc.update("UPDATE cb_nodes SET heartbeat_at = ? WHERE id = ?", now.toEpochMilli(), nodeId);
  }

  /** Nodes that have not stopped, newest first. */
  public List<NodeRow> running() {
    return jdbc.query("SELECT * FROM cb_nodes WHERE stopped_at IS NULL ORDER BY started_at DESC", row -> {
      Long processStarted = Jdbc.nullableLong(row, "process_started_at");
      return new NodeRow(row.getString("id"), row.getString("host"), row.getLong("pid"),
          Instant.ofEpochMilli(row.getLong("started_at")), Instant.ofEpochMilli(row.getLong("heartbeat_at")), null,
          row.getString("boot_id"), processStarted == null ? null : Instant.ofEpochMilli(processStarted),
          labels(row.getString("labels")));
    });
  }

  /**
   * Records that a node stopped.
   *
   * @return false when it was recorded already (by itself, or by another node that found it dead)
   */
  public boolean stopped(String nodeId, Instant now) {
    return jdbc.update("UPDATE cb_nodes SET stopped_at = ?, heartbeat_at = ? WHERE id = ? AND stopped_at IS NULL",
        now.toEpochMilli(), now.toEpochMilli(), nodeId) == 1;
  }
}
