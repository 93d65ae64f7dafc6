package io.cronbeat.view;

import io.cronbeat.store.NodeTable;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One node as {@code scheduler status --json} and the HTTP API show it.
 *
 * @param alive it has said so within its lease; a node silent for longer is probably dead
 * @param runningAttempts attempts it is running now
 * @param labels its {@code node.labels}, which jobs' {@code nodes:} selectors match
 */
public record NodeView(String id, String host, long pid, Instant startedAt, Instant heartbeatAt, boolean alive,
    int runningAttempts, Map<String, String> labels) {

  public static NodeView of(NodeTable.NodeRow node, Duration lease, Instant now, int running) {
    return new NodeView(node.id(), node.host(), node.pid(), node.startedAt(), node.heartbeatAt(),
        !node.heartbeatAt().plus(lease).isBefore(now), running, node.labels());
  }
}
