package io.cronbeat.dispatch;

import io.cronbeat.store.Lease;
import io.cronbeat.store.NodeTable;
import io.cronbeat.store.RunHistory;
import io.cronbeat.store.RunQueue;
import io.cronbeat.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node does every heartbeat: say it is alive, renew the leases of its running runs,
 * stop runs someone cancelled, put back in the queue the runs of nodes that died, and now and
 * then prune old history.
 */
public final class Upkeep implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Upkeep.class);
  private static final Duration PRUNE_EVERY = Duration.ofHours(1);

  /** How much history to keep. */
  public record Retention(int runsPerJob, Duration maxAge) {}

  private final DispatchContext context;
  private final NodeTable nodes;
  private final Dispatcher dispatcher;
  private final Retention retention;
  private final RunRecovery recovery;
  private final Watchdog watchdog;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "cronbeat-upkeep");
    thread.setDaemon(true);
    return thread;
  });
  private Instant lastPrune = Instant.MIN;
  private boolean storeDown;
  private boolean watchdogFailing;

  public Upkeep(DispatchContext context, NodeTable nodes, Dispatcher dispatcher, Retention retention, OverdueJobs overdue) {
    this.context = context;
    this.nodes = nodes;
    this.dispatcher = dispatcher;
    this.retention = retention;
    this.recovery = new RunRecovery(context, nodes, dispatcher::wake);
    this.watchdog = new Watchdog(overdue, context);
  }

  /**
   * Beats every node.heartbeat; {@code beforeBeat} runs first each time (the node measures the
   * database's clock there, which tests that move time by hand leave out).
   */
  public void start(Runnable beforeBeat) {
    long every = context.settings().heartbeat().toMillis();
    timer.scheduleWithFixedDelay(() -> {
      try {
        beforeBeat.run();
      } catch (RuntimeException e) {
        log.debug("before heartbeat: {}", e.getMessage());
      }
      beat();
    }, 0, every, TimeUnit.MILLISECONDS);
  }

  /**
   * One heartbeat: renew the leases of the attempts this node runs (stopping any another node
   * took over), stop what was cancelled, take over the runs of gone nodes, look for overdue
   * jobs, prune now and then.
   * Public for tests that drive the node by hand.
   */
  public void beat() {
    try {
      Instant now = context.clock().instant();
      nodes.heartbeat(context.nodeId(), now);
      List<Lease> leases = dispatcher.leasesToRenew(now);
      Instant until = now.plus(context.settings().lease());
      dispatcher.renewed(leases, context.leases().renew(leases, until), until);
      context.queue().cancelRequested(context.nodeId()).forEach(dispatcher::cancel);
      recovery.pass(now);
      watch(now);
      if (Duration.between(lastPrune, now).compareTo(PRUNE_EVERY) >= 0) {
        lastPrune = now;
        prune(now);
      }
      if (storeDown) {
        storeDown = false;
        log.info("database reachable again");
      }
    } catch (StoreException e) {
      if (!storeDown) {
        log.warn("heartbeat failed: {}; running attempts go on until their lease runs out, retrying every {}s",
            e.getMessage(), context.settings().heartbeat().toSeconds());
      }
      storeDown = true;
    } catch (RuntimeException e) {
      log.error("upkeep error: {}", e.toString(), e);
    }
  }

  /** The watchdog's pass; a failure of its own (say a stored schedule it cannot read) leaves the rest alone. */
  private void watch(Instant now) {
    try {
      watchdog.pass(now);
      watchdogFailing = false;
    } catch (StoreException e) {
      throw e;
    } catch (RuntimeException e) {
      if (!watchdogFailing) {
        log.error("watchdog error (overdue jobs not checked until it clears): {}", e.toString(), e);
      }
      watchdogFailing = true;
    }
  }

  private void prune(Instant now) {
    RunHistory history = context.history();
    int files = 0;
    for (String job : history.jobsWithRuns()) {
      for (String logFile : history.prune(job, retention.runsPerJob(), now.minus(retention.maxAge()))) {
        try {
          files += Files.deleteIfExists(Path.of(logFile)) ? 1 : 0;
        } catch (IOException e) {
          log.warn("cannot delete old log {}: {}", logFile, e.getMessage());
        }
      }
    }
    if (files > 0) {
      log.info("pruned history: {} old attempt logs removed", files);
    }
    context.queue().forgetIdempotencyKeys(now.minus(RunQueue.KEY_LIFETIME));
  }

  /** Lets a heartbeat under way finish (never interrupts it: see {@link Dispatcher#drain}). */
  @Override
  public void close() {
    timer.shutdown();
    try {
      timer.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
