package io.cronbeat.dispatch;

import io.cronbeat.exec.ProcessRunner;
import io.cronbeat.job.Overlap;
import io.cronbeat.store.Claim;
import io.cronbeat.store.JobSpec;
import io.cronbeat.store.JobTable;
import io.cronbeat.store.Run;
import io.cronbeat.store.RunKind;
import io.cronbeat.store.RunState;
import io.cronbeat.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims due runs from the queue, any node's, and runs them on this node's executor pool.
 * Polls every {@code node.poll}, and at once when a firing on this node queued something.
 */
public final class Dispatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  private final DispatchContext context;
  private final ExecutorService pool;
  private final Map<Long, AttemptExecution> running = new ConcurrentHashMap<>();
  private final Semaphore wake = new Semaphore(0);
  private final Thread loop;
  private volatile boolean claiming = true;
  private volatile boolean storeDown;

  public Dispatcher(DispatchContext context) {
    this.context = context;
    AtomicInteger count = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(context.settings().executorThreads(), r -> {
      Thread thread = new Thread(r, "cronbeat-executor-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    this.loop = new Thread(this::loop, "cronbeat-dispatcher");
    this.loop.setDaemon(true);
  }

  public void start() {
    loop.start();
  }

  /** Look at the queue now rather than at the next poll. */
  public void wake() {
    wake.release();
  }

  /** Runs this node is running. */
  public Set<Long> running() {
    return Set.copyOf(running.keySet());
  }

  /** Stops a run running on this node (cancel or overlap: replace). */
  public void cancel(long runId) {
    AttemptExecution execution = running.get(runId);
    if (execution != null) {
      log.info("run={} cancel requested; stopping its process tree", runId);
      // Stopping waits out the kill grace period; not on the caller's thread.
      Thread stopper = new Thread(execution::cancelHandle, "cronbeat-cancel-" + runId);
      stopper.setDaemon(true);
      stopper.start();
    }
  }

  private void loop() {
    while (claiming) {
      try {
        claimDue();
        if (storeDown) {
          storeDown = false;
          log.info("database reachable again; claiming runs");
        }
      } catch (StoreException e) {
        if (!storeDown) {
          log.warn("cannot claim runs: {}; retrying every {}s", e.getMessage(), context.settings().poll().toSeconds());
        }
        storeDown = true;
      } catch (RuntimeException e) {
        log.error("dispatcher error: {}", e.toString(), e);
      }
      try {
        wake.tryAcquire(context.settings().poll().toMillis(), TimeUnit.MILLISECONDS);
        wake.drainPermits();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void claimDue() {
    int free = context.settings().executorThreads() - running.size();
    if (free <= 0) {
      return;
    }
    Instant now = context.clock().instant();
    for (Run run : context.runs().due(now, free * 2)) {
      if (!claiming || running.size() >= context.settings().executorThreads()) {
        return;
      }
      Optional<JobSpec> spec = run.definition() != null ? Optional.of(context.jobs().fromJson(run.definition()))
          : context.jobs().find(run.job()).map(JobTable.StoredJob::spec);
      if (spec.isEmpty()) {
        context.runs().finish(run.id(), RunState.CANCELLED, null, now, "job '" + run.job() + "' is no longer declared");
        log.warn("job={} run={} cancelled: the job is no longer declared", run.job(), run.id());
        continue;
      }
      start(run, spec.get(), now);
    }
  }

  private void start(Run run, JobSpec spec, Instant now) {
    // A triggered run of a declared job follows its overlap rule too; a submitted command has none.
    Overlap overlap = run.kind() == RunKind.SUBMITTED ? Overlap.ALLOW : spec.overlap();
    Claim claim = context.runs().claim(run, overlap, context.nodeId(), now, now.plus(context.settings().lease()));
    switch (claim.result()) {
      case CLAIMED -> {
        AttemptExecution execution = new AttemptExecution(context, run, spec, claim.attempt(), new ProcessRunner.Handle());
        running.put(run.id(), execution);
        try {
          pool.execute(() -> {
            try {
              execution.run();
            } finally {
              running.remove(run.id());
              wake();
            }
          });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
          running.remove(run.id());
          context.runs().retryAt(run.id(), now, null, "node " + context.nodeId() + " stopped before starting it");
        }
      }
      case SKIPPED -> log.info("job={} run={} SKIPPED: run {} is still running (overlap: forbid)", run.job(), run.id(),
          claim.blockingRun());
      case WAITING -> log.debug("job={} run={} waits for run {} to end", run.job(), run.id(), claim.blockingRun());
      case TAKEN -> { }
    }
  }

  /**
   * Stops claiming, lets running attempts finish for up to {@code grace}, then stops the rest;
   * their runs go back to the queue for any node.
   */
  public void drain(Duration grace) {
    // No Thread.interrupt anywhere near JDBC: H2 closes its whole database when a thread is
    // interrupted during file I/O. The loop sees the flag at its next turn.
    claiming = false;
    wake();
    try {
      // The loop may be inside a claim; let it hand that run to the pool before the pool closes.
      loop.join(Duration.ofSeconds(30).toMillis());
      pool.shutdown();
      if (!running.isEmpty()) {
        log.info("waiting up to {}s for {} running attempt(s) to finish", grace.toSeconds(), running.size());
      }
      if (!pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("stopping {} attempt(s) still running after the grace period: runs {}", running.size(), running.keySet());
        running.values().forEach(AttemptExecution::stopForShutdown);
        pool.awaitTermination(grace.toMillis() + 30_000, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    drain(Duration.ZERO);
  }
}
