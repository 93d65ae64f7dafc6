package io.cronbeat.dispatch;

import io.cronbeat.job.Overlap;
import io.cronbeat.store.Claim;
import io.cronbeat.store.Claimant;
import io.cronbeat.store.JobSpec;
import io.cronbeat.store.Lease;
import io.cronbeat.store.Run;
import io.cronbeat.store.RunKind;
import io.cronbeat.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims due runs from the queue, any node's, and runs them on this node's executor pool.
 * Polls every {@code node.poll}, and at once when a firing on this node queued something. A
 * guard stops any attempt whose lease ran out before the node could renew it.
 */
public final class Dispatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  /** How often the guard looks at lease deadlines: small next to any lease. */
  private static final Duration GUARD_EVERY = Duration.ofMillis(200);
  /** Past the kill grace, how long drain waits for attempts to record that they were stopped. */
  private static final Duration RECORD_AFTER_KILL = Duration.ofSeconds(3);

  private final DispatchContext context;
  private final SpecCache specs;
  private final AttemptWriter writer;
  private final ExecutorService pool;
  private final ScheduledExecutorService guard;
  /** Attempts of this node's runs, until their outcome is written. */
  private final Map<Long, AttemptExecution> running = new ConcurrentHashMap<>();
  /** Runs whose work has ended here while their outcome is being written, with their job. */
  private final Map<Long, String> recording = new ConcurrentHashMap<>();
  /** Of those, the attempts whose work is not over: at most executor-threads. */
  private final AtomicInteger executing = new AtomicInteger();
  private final Semaphore wake = new Semaphore(0);
  private final Thread loop;
  private volatile boolean claiming = true;
  private volatile boolean storeDown;

  public Dispatcher(DispatchContext context) {
    this.context = context;
    this.specs = new SpecCache(context.jobs());
    this.writer = new AttemptWriter(context.leases());
    AtomicInteger count = new AtomicInteger();
    // Twice the attempts that run at once: a thread whose attempt is over may still wait for its outcome to be written.
    this.pool = Executors.newFixedThreadPool(context.settings().executorThreads() * 2, r -> daemon(r,
        "cronbeat-executor-" + count.incrementAndGet()));
    this.guard = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "cronbeat-lease-guard"));
    this.loop = daemon(this::loop, "cronbeat-dispatcher");
  }

  private static Thread daemon(Runnable body, String name) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    return thread;
  }

  public void start() {
    guard.scheduleWithFixedDelay(this::enforceLeases, 0, GUARD_EVERY.toMillis(), TimeUnit.MILLISECONDS);
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

  /** True once the node has begun to stop. */
  boolean stopping() {
    return !claiming;
  }

  /** Stops a run running on this node (cancel or overlap: replace). */
  public void cancel(long runId) {
    AttemptExecution execution = running.get(runId);
    if (execution != null) {
      log.info("run={} cancel requested; stopping its process group", runId);
      execution.cancel();
    }
  }

  /** The leases to renew: those of attempts this node is running, whose lease has not run out. */
  public List<Lease> leasesToRenew(Instant now) {
    return running.values().stream().filter(e -> e.renewable(now)).map(AttemptExecution::lease).toList();
  }

  /**
   * Takes the answer of a renewal sent for {@code asked}: the runs still owned have a new
   * deadline; any other was taken over by another node and its process is stopped at once.
   */
  public void renewed(List<Lease> asked, Set<Long> owned, Instant deadline) {
    for (Lease lease : asked) {
      AttemptExecution execution = running.get(lease.runId());
      if (execution == null || !execution.lease().equals(lease)) {
        continue;
      }
      if (owned.contains(lease.runId())) {
        execution.leaseRenewed(deadline);
      } else {
        execution.leaseTaken();
      }
    }
  }

  /** One pass of the guard: stops every attempt whose lease has run out. Public for hand-driven tests. */
  public int enforceLeases() {
    Instant now = context.clock().instant();
    int stopped = 0;
    for (AttemptExecution execution : running.values()) {
      stopped += execution.expireLease(now) ? 1 : 0;
    }
    return stopped;
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

  /**
   * One claim pass: starts as many due runs as there are free executor threads. Runs no overlap
   * rule holds back are claimed together, in one transaction; the others one by one, with their
   * job's row locked while its running runs are looked at. Public for tests that drive the node by hand.
   *
   * @return how many runs this pass started
   */
  public int claimDue() {
    int threads = context.settings().executorThreads();
    if (threads - executing.get() <= 0) {
      return 0;
    }
    Instant now = context.clock().instant();
    // Twice the free threads: some due runs do not start (overlap, a job gone) and must not starve the rest.
    List<Run> due = context.runs().due(now, (threads - executing.get()) * 2);
    Map<Long, JobSpec> spec = specs.of(due);
    List<Run> together = new ArrayList<>();
    int started = 0;
    for (Run run : due) {
      if (!claiming || executing.get() + together.size() >= threads) {
        break;
      }
      if (!spec.containsKey(run.id())) {
        if (context.runs().cancelQueued(run.id(), now, "job '" + run.job() + "' is no longer declared")) {
          log.warn("job={} run={} cancelled: the job is no longer declared", run.job(), run.id());
        }
      } else if (overlap(run, spec.get(run.id())) == Overlap.ALLOW) {
        together.add(run);
      } else if (recording.containsValue(run.job())) {
        // This node's last run of the job has ended but its outcome is still being written: it
        // would look running and this one be SKIPPED. It is claimed once the write is in.
        continue;
      } else {
        // In queue order: the runs before this one are claimed first.
        started += startAll(together, spec);
        together.clear();
        started += start(run, spec.get(run.id())) ? 1 : 0;
      }
    }
    return started + startAll(together, spec);
  }

  /** A triggered run of a declared job follows its overlap rule too; a submitted command has none. */
  private static Overlap overlap(Run run, JobSpec spec) {
    return run.kind() == RunKind.SUBMITTED ? Overlap.ALLOW : spec.overlap();
  }

  private int startAll(List<Run> runs, Map<Long, JobSpec> spec) {
    if (runs.isEmpty() || !claiming) {
      return 0;
    }
    Claimant claimant = claimant(context.clock().instant());
    List<String> logs = runs.stream().map(r -> AttemptExecution.logFile(context, r, r.attempts() + 1).toString()).toList();
    List<Claim> claims = context.leases().claimAll(runs, claimant, logs);
    int started = 0;
    for (int i = 0; i < runs.size(); i++) {
      if (claims.get(i).result() == Claim.Result.CLAIMED) {
        Run run = runs.get(i);
        started += launch(run, spec.get(run.id()), claims.get(i).attempt(), claimant.leaseUntil()) ? 1 : 0;
      }
    }
    return started;
  }

  private Claimant claimant(Instant now) {
    return new Claimant(context.nodeId(), context.host().name(), context.host().processKey(), now,
        now.plus(context.settings().lease()));
  }

  private boolean start(Run run, JobSpec spec) {
    // Now, not when the pass began: a run of an overlap: forbid job may be claimed right after
    // the previous one ended, and its start must not be recorded before that end.
    Claimant claimant = claimant(context.clock().instant());
    Claim claim = context.leases().claim(run, overlap(run, spec), claimant,
        AttemptExecution.logFile(context, run, run.attempts() + 1).toString());
    switch (claim.result()) {
      case CLAIMED -> {
        return launch(run, spec, claim.attempt(), claimant.leaseUntil());
      }
      case SKIPPED -> log.info("job={} run={} SKIPPED: run {} is still running (overlap: forbid)", run.job(), run.id(),
          claim.blockingRun());
      case WAITING -> log.debug("job={} run={} waits for run {} to end", run.job(), run.id(), claim.blockingRun());
      case TAKEN -> { }
    }
    return false;
  }

  /**
   * Runs a claimed attempt on the pool; false when drain began and the run went back to the
   * queue. The attempt counts against the executor threads until its work is over; the run
   * stays this node's (its lease renewed) until its outcome is written.
   */
  private boolean launch(Run run, JobSpec spec, int attempt, Instant deadline) {
    Lease lease = new Lease(run.id(), attempt, context.nodeId());
    AtomicBoolean over = new AtomicBoolean();
    Runnable ended = () -> {
      if (over.compareAndSet(false, true)) {
        recording.put(run.id(), run.job());
        executing.decrementAndGet();
        wake();
      }
    };
    AttemptExecution execution = new AttemptExecution(context, new AttemptExecution.Links(writer, this::stopping, ended), run,
        spec, lease, deadline);
    executing.incrementAndGet();
    running.put(run.id(), execution);
    try {
      pool.execute(() -> {
        try {
          execution.run();
        } finally {
          ended.run();
          running.remove(run.id(), execution);
          if (recording.remove(run.id()) != null) {
            wake(); // a run of the same job may have waited for this outcome
          }
        }
      });
      return true;
    } catch (RejectedExecutionException closing) {
      // Drain began between the claim and now: the attempt never started; hand the run back.
      ended.run();
      running.remove(run.id(), execution);
      recording.remove(run.id());
      execution.handBack();
      return false;
    }
  }

  /**
   * Stops claiming, lets running attempts finish for up to {@code grace}, then stops all the
   * remaining process groups at once (TERM, KILL after node.kill-grace); their runs go back to
   * the queue for any node. Returns within grace + kill grace + a few seconds, whatever the jobs do.
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
        Duration last = context.settings().killGrace().plus(RECORD_AFTER_KILL);
        if (!pool.awaitTermination(last.toMillis(), TimeUnit.MILLISECONDS)) {
          log.error("attempts of runs {} did not end {}s after they were stopped; leaving them to lease recovery",
              running.keySet(), last.toSeconds());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      guard.shutdown();
      writer.close(); // attempts still running after this record their own outcome
    }
  }

  @Override
  public void close() {
    drain(Duration.ZERO);
  }
}
