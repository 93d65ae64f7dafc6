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

  public void stopped(String nodeId, Instant now) {
    jdbc.update("UPDATE cb_nodes SET stopped_at = ?, heartbeat_at = ? WHERE id = ?", now.toEpochMilli(), now.toEpochMilli(), nodeId);
  }
}
