package io.cronbeat.dispatch;

import io.cronbeat.exec.ProcessGroup;
import io.cronbeat.run.Run;
import io.cronbeat.store.Lease;
import io.cronbeat.store.NodeTable;
import io.cronbeat.store.OpenAttempt;
import io.cronbeat.store.RunLeases;
import io.cronbeat.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes over the runs of nodes that are gone: a node whose lease ran out more than
 * node.recovery-margin ago, anywhere, or at once a node on this host whose process is dead. Before
 * a run goes back to the queue, what its attempt left running on this host is stopped, and the
 * attempt's history says so; on another host the owner stops it itself when its lease runs out.
 */
final class RunRecovery {

  private static final Logger log = LoggerFactory.getLogger(RunRecovery.class);

  private final DispatchContext context;
  private final NodeTable nodes;
  private final Runnable queued;

  RunRecovery(DispatchContext context, NodeTable nodes, Runnable queued) {
    this.context = context;
    this.nodes = nodes;
    this.queued = queued;
  }

  /** Recovers the runs of dead nodes on this host, then every run whose lease ran out. */
  void pass(Instant now) {
    for (NodeTable.NodeRow node : nodes.running()) {
      if (!node.id().equals(context.nodeId()) && context.host().sharesProcessesWith(node.host(), node.processKey())
          && !Host.running(node.pid(), node.processStartedAt()) && nodes.stopped(node.id(), now)) {
        log.warn("node={} on this host is gone (pid {} is not running); taking over its runs now", node.id(), node.pid());
        context.leases().ownedBy(node.id()).forEach(open -> recover(open, now, "its node's process is gone"));
      }
    }
    Instant cutoff = now.minus(context.settings().recoveryMargin());
    for (OpenAttempt open : context.leases().expired(cutoff)) {
      recover(open, now, "its lease ran out at " + Instant.ofEpochMilli(open.leaseUntil()));
    }
  }

  private void recover(OpenAttempt open, Instant now, String why) {
    Run run = open.run();
    String tag = "job=" + run.job() + " run=" + run.id();
    try {
      Optional<Lease> seized = context.leases().seize(open, context.nodeId(), now.plus(context.settings().lease()));
      if (seized.isEmpty()) {
        log.info("{} not recovered: node={} renewed or ended it meanwhile", tag, run.nodeId());
        return;
      }
      String cleanup = cleanUp(open);
      String reason = "node " + run.nodeId() + " stopped during attempt " + run.attempts();
      switch (context.leases().requeueLost(seized.get(), run.lostAttempts(), reason, cleanup, now)) {
        case REQUEUED -> {
          log.warn("{} recovered: attempt {} on node={} is lost ({}); {}; queued again", tag, run.attempts(),
              run.nodeId(), why, cleanup);
          context.events().recovered(run, false);
          queued.run();
        }
        case FAILED -> {
          log.error("{} FAILED: node={} stopped during it ({}); its attempts were lost to stopping nodes {} times", tag,
              run.nodeId(), why, run.lostAttempts() + 1);
          context.events().recovered(run, true);
        }
        case NONE -> log.warn("{} seized but then taken by another node; left to it", tag);
      }
    } catch (StoreException e) {
      log.warn("{} recovery failed: {}; trying again next heartbeat", tag, e.getMessage());
    }
  }

  /** Stops the attempt's process group when it lives here; says what happened, for the history. */
  private String cleanUp(OpenAttempt open) {
    if (open.processGroup() == null) {
      return "no process group was recorded for it (its process may never have started)";
    }
    if (!context.host().sharesProcessesWith(open.host(), open.bootId())) {
      return "process group " + open.processGroup() + " on host " + open.host()
          + " was left to its node, which stops it when its lease runs out";
    }
    ProcessGroup group = new ProcessGroup(open.processGroup(), open.processStartedAt());
    if (!group.isAlive()) {
      return "process group " + open.processGroup() + " had already ended";
    }
    Duration grace = context.settings().killGrace();
    boolean gone = group.stop(grace);
    return "process group " + open.processGroup() + " was stopped by node " + context.nodeId()
        + (gone ? " (SIGTERM, then SIGKILL after " + grace.toSeconds() + "s)" : " but some of it is still running");
  }
}
