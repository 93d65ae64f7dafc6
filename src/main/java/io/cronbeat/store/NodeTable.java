package io.cronbeat.store;

import java.time.Instant;

/** {@code cb_nodes}: who is in the cluster and when each last said so. */
public final class NodeTable {

  private final Jdbc jdbc;

  public NodeTable(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  public void register(String nodeId, String host, long pid, Instant now) {
    jdbc.update("INSERT INTO cb_nodes (id, host, pid, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)",
        nodeId, host, pid, now.toEpochMilli(), now.toEpochMilli());
  }

  public void heartbeat(String nodeId, Instant now) {
    jdbc.update("UPDATE cb_nodes SET heartbeat_at = ? WHERE id = ?", now.toEpochMilli(), nodeId);
  }

  /** A node as the cluster last heard of it. */
  public record NodeRow(String id, String host, long pid, Instant startedAt, Instant heartbeatAt, Instant stoppedAt) {}

  /** Nodes that have not stopped, newest first. */
  public java.util.List<NodeRow> running() {
    return jdbc.query("SELECT * FROM cb_nodes WHERE stopped_at IS NULL ORDER BY started_at DESC", row -> new NodeRow(
        row.getString("id"), row.getString("host"), row.getLong("pid"), Instant.ofEpochMilli(row.getLong("started_at")),
        Instant.ofEpochMilli(row.getLong("heartbeat_at")), null));
  }

  public void stopped(String nodeId, Instant now) {
    jdbc.update("UPDATE cb_nodes SET stopped_at = ?, heartbeat_at = ? WHERE id = ?", now.toEpochMilli(), now.toEpochMilli(), nodeId);
  }
}
