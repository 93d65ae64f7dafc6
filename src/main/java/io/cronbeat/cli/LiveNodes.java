package io.cronbeat.cli;

import io.cronbeat.store.Store;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether any node will pick up what a command queues: a run queued with no node up waits,
 * durably, and the person who queued it should know that it waits.
 */
final class LiveNodes {

  static final String NONE = "no node is running; the run will start when one does";

  private final Store store;
  private final Duration lease;

  /** @param lease a node silent for longer than its lease is taken for dead, as {@code status} does */
  LiveNodes(Store store, Duration lease) {
    this.store = store;
    this.lease = lease;
  }

  boolean any(Instant now) {
    return store.nodes().running().stream().anyMatch(node -> !node.heartbeatAt().plus(lease).isBefore(now));
  }

  /** Says so on {@code err} when no node is up; returns whether one is. */
  boolean warnIfNone(Instant now, PrintWriter err) {
    boolean any = any(now);
    if (!any) {
      err.println(NONE);
      err.flush();
    }
    return any;
  }
}
