package io.cronbeat.dispatch;

import io.cronbeat.job.ConcurrencyGroup;
import io.cronbeat.job.Overlap;
import io.cronbeat.run.JobSpec;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunKind;
import io.cronbeat.store.Claim;
import io.cronbeat.store.ClaimRequest;
import io.cronbeat.store.Claimant;
import io.cronbeat.store.FiringHandler;
import io.cronbeat.store.Lease;
import io.cronbeat.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
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
 * Polls every {@code node.poll}, and at once when a firing on this node queued something; runs
 * due within {@link FiringHandler#AHEAD} are claimed before their time and started at it. A guard stops any
 * attempt whose lease ran out before the node could renew it.
 */
public final class Dispatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  /** How often the guard looks at lease deadlines: small next to any lease. */
  private static final Duration GUARD_EVERY = Duration.ofMillis(200);
  /** Past the kill grace, how long drain waits for attempts to record that they were stopped. */
  private static final Duration RECORD_AFTER_KILL = Duration.ofSeconds(3);
  /**
   * Rounds of the executor threads one claim pass may take, for the shortest work: of runs due
   * now, and of runs claimed ahead (an instant with more runs than that starts the rest late).
   */
  private static final int MAX_ROUNDS = 8;
  private static final int AHEAD_ROUNDS = 64;
  private static final int AHEAD_MAX = 2_000;
  /** Passes in a row that may follow a lost claim at once, before the node waits for its next poll again. */
  private static final int RETRIES_AFTER_LOSS = 3;

  private final DispatchContext context;
  private final SpecCache specs;
  private final DueRuns dueRuns;
  private final AttemptWriter writer;
  private final ExecutorService pool;
  private final ScheduledExecutorService guard;
  /** Attempts of this node's runs, until their outcome is written. */
  private final Map<Long, AttemptExecution> running = new ConcurrentHashMap<>();
  /** Runs whose work has ended here while their outcome is being written, with their job. */
  private final Map<Long, String> recording = new ConcurrentHashMap<>();
  /**
   * Jobs with a run that a claim pass held back because this node was running or recording one
   * of theirs: the end of that one's outcome write wakes the dispatcher for them.
   */
  private final Set<String> heldBack = ConcurrentHashMap.newKeySet();
  /** A claim pass left a run waiting for a concurrency group's slot: any outcome here may free one. */
  private volatile boolean slotWanted;
  /** Of those, the attempts whose work is not over: at most executor-threads. */
  private final AtomicInteger executing = new AtomicInteger();
  /** Claimed attempts waiting for their due time or a free thread. */
  private final ReadyRuns ready;
  private final Semaphore wake = new Semaphore(0);
  private final Thread loop;
  private volatile boolean claiming = true;
  /** A moving average of how long this node's attempts work; one node.poll until some have run. */
  private volatile long typicalWorkNanos;
  /**
   * How long its attempts work over many of them, for the runs claimed ahead: a second's runs are
   * claimed ahead together, and the moving average says what the last few were (the processes of
   * a second end after its no-op runs, and the next second was claimed as if all its runs were
   * processes: a third of it ahead, the rest only once due, in batches, late).
   */
  private final WorkAverage workMix;
  private volatile boolean storeDown;
  /**
   * From when runs the last claim pass left unclaimed may be due: at once when it did not see
   * every run due now, or had no free thread to claim ahead; the instant of the latest run
   * claimed here when it left only runs due after that (its room was full of runs claimed
   * ahead); never when it saw every run due and due soon. An attempt's end wakes the dispatcher
   * from then on, not before: a pass then finds nothing new (on PostgreSQL, queries at every
   * process's end for nothing).
   */
  private volatile Instant unclaimedFrom = Instant.MIN;
  /**
   * The runs the last claim pass lost to another claim (another node's, as a rule): the next pass,
   * at once, reads past them. Two nodes polling in step read the same oldest runs, and the one
   * whose claim came second found them all taken and waited a whole node.poll, again and again,
   * while the other drained the backlog alone.
   */
  private volatile Set<Long> lost = Set.of();
  private int retriesAfterLoss;

  public Dispatcher(DispatchContext context) {
    this.context = context;
    this.specs = new SpecCache(context.jobs());
    this.dueRuns = new DueRuns(context.queue(), specs, context.cluster().labels(), context.cluster().groups());
    this.typicalWorkNanos = context.settings().poll().toNanos();
    this.workMix = new WorkAverage(context.settings().poll());
    this.writer = new AttemptWriter(context.leases());
    AtomicInteger count = new AtomicInteger();
    // Not bounded here: the starter keeps the attempts whose work is under way to executor.threads.
    // The other threads are attempts whose work is over, each waiting for its outcome's group
    // commit; a fixed pool would make the next attempts wait for those writes (hundreds due at
    // one second started a write latency apart). At most the claimed runs, a few thousand.
    this.pool = Executors.newCachedThreadPool(r -> daemon(r, "cronbeat-executor-" + count.incrementAndGet()));
    this.ready = new ReadyRuns(context.clock(), context.settings().executorThreads(), executing::get, execution -> {
      executing.incrementAndGet();
      launch(execution);
    });
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

  /** Executor threads busy with an attempt's work now. */
  public int busyThreads() {
    return executing.get();
  }

  /** Runs this node is running. */
  public Set<Long> running() {
    return Set.copyOf(running.keySet());
  }

  /** True while the last claim pass failed for want of the database, or when the loop's thread ended before a drain. */
  public boolean claimFailing() {
    return storeDown || (claiming && loop.getState() == Thread.State.TERMINATED);
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
   * One claim pass, in one transaction: the runs due now, as many as the executor threads get
   * through in one node.poll, and, while a thread is free, the runs due within {@link FiringHandler#AHEAD},
   * to start at their instant.
   * Each run follows its job's overlap rule; a run claimed ahead whose job is running is decided
   * at its time. Claimed runs that waited for a thread for longer than node.poll go back to the
   * queue for another node. Public for tests that drive the node by hand.
   *
   * @return how many runs this pass claimed (each starts at its due time)
   */
  public int claimDue() {
    Instant now = context.clock().instant();
    List<AttemptExecution> waitedTooLong = ready.waitingSince(now.minus(context.settings().poll()));
    if (!waitedTooLong.isEmpty()) {
      // The work got longer than the average said: claim as for long work until attempts end, and
      // not in this pass, which would take the same runs again.
      typicalWorkNanos = context.settings().poll().toNanos();
      workMix.forget();
      giveBack(waitedTooLong, "its executor threads were busy");
      unclaimedFrom = Instant.MIN;
      return 0;
    }
    int threads = context.settings().executorThreads();
    int free = threads - executing.get();
    // Runs claimed ahead for a later instant do not count against runs due now: a backlog due
    // now is claimed while the next second's runs wait for their time (counted, they kept a
    // backlog of late runs unclaimed, threads idle, until that second's runs had started).
    int nowRoom = nowTarget() - executing.get() - ready.due(now);
    int aheadRoom = free > 0
        ? (int) Math.min(AHEAD_MAX, threads * clamp(aheadTurnover(), AHEAD_ROUNDS)) - executing.get() - ready.size() : 0;
    if (!claiming || Math.max(nowRoom, aheadRoom) <= 0) {
      unclaimedFrom = Instant.MIN;
      return 0;
    }
    // Twice the room: some due runs do not start (overlap, a job gone) and must not starve the rest.
    Set<Long> passOver = lost;
    lost = Set.of();
    List<Run> due = new ArrayList<>(nowRoom > 0 ? dueRuns.due(now, 2 * nowRoom + passOver.size()) : List.of());
    due.removeIf(run -> passOver.contains(run.id()));
    boolean dueBacklog = due.size() >= 2 * nowRoom;
    int soon = -1;
    if (aheadRoom > 0 && !dueBacklog) {
      List<Run> ahead = context.queue().dueSoon(now, now.plus(FiringHandler.AHEAD), aheadRoom + passOver.size());
      ahead.removeIf(run -> passOver.contains(run.id()));
      soon = ahead.size();
      due.addAll(ahead);
    }
    Map<Long, JobSpec> spec = specs.of(due);
    List<ClaimRequest> requests = new ArrayList<>();
    int takenNow = 0;
    for (Run run : due) {
      if (spec.containsKey(run.id()) && !spec.get(run.id()).selector().matches(context.cluster().labels())) {
        continue; // another node's: its selector wants labels this node does not have
      }
      boolean dueNow = !run.dueAt().isAfter(now);
      if (dueNow ? takenNow >= nowRoom : requests.size() >= aheadRoom) {
        continue;
      }
      if (!spec.containsKey(run.id())) {
        if (context.queue().cancelQueued(run.id(), now, "job '" + run.job() + "' is no longer declared")) {
          log.warn("job={} run={} cancelled: the job is no longer declared", run.job(), run.id());
        }
        continue;
      }
      Overlap overlap = overlap(run, spec.get(run.id()));
      if (overlap != Overlap.ALLOW && recording.containsValue(run.job())) {
        // This node's last run of the job has ended but its outcome is still being written: it
        // would look running and this one be SKIPPED. It is claimed once the write is in.
        heldBack.add(run.job());
        if (!recording.containsValue(run.job())) {
          wake(); // the write ended in between and found nothing held back: look again at once
        }
        continue;
      }
      ConcurrencyGroup group = spec.get(run.id()).concurrency();
      requests.add(new ClaimRequest(run, overlap, AttemptExecution.logFile(context, run, run.attempts() + 1).toString(),
          group == null ? null : group.limitedBy(context.cluster().groups())));
      takenNow += dueNow ? 1 : 0;
    }
    int claimed = claim(requests, spec, passOver);
    if (dueBacklog || takenNow >= nowRoom || free <= 0) {
      unclaimedFrom = Instant.MIN;
    } else if (soon < 0 || soon >= aheadRoom || requests.size() >= aheadRoom) {
      unclaimedFrom = ready.latest().orElse(Instant.MIN);
    } else {
      unclaimedFrom = Instant.MAX;
    }
    return claimed;
  }

  /** How many rounds of the executor threads the attempts' average work takes to fill one node.poll. */
  private long turnover() {
    return context.settings().poll().toNanos() / Math.max(1, typicalWorkNanos);
  }

  /** The same for the mix of the node's last attempts: the rounds its threads take for runs claimed ahead. */
  private long aheadTurnover() {
    return context.settings().poll().toNanos() / Math.max(1, workMix.nanos());
  }

  /**
   * Runs due now that a claim pass takes, claimed and unstarted ones included: no more than the
   * threads get through in one node.poll. Short work is claimed many runs per commit, and no
   * claimed run waits long enough for a thread to be given back, or to keep work from a node
   * with idle threads.
   */
  private int nowTarget() {
    return (int) (context.settings().executorThreads() * clamp(turnover(), MAX_ROUNDS));
  }

  private static long clamp(long rounds, int most) {
    return Math.max(1, Math.min(most, rounds));
  }

  /** A triggered run of a declared job follows its overlap rule too; a submitted command has none. */
  private static Overlap overlap(Run run, JobSpec spec) {
    return run.kind() == RunKind.SUBMITTED ? Overlap.ALLOW : spec.overlap();
  }

  private int claim(List<ClaimRequest> requests, Map<Long, JobSpec> spec, Set<Long> passedOver) {
    if (requests.isEmpty()) {
      return 0;
    }
    // Now, not when the pass began: a run of an overlap: forbid job may be claimed right after
    // the previous one ended, and its start must not be recorded before that end.
    Instant now = context.clock().instant();
    Claimant claimant = new Claimant(context.nodeId(), context.host().name(), context.host().processKey(), now,
        now.plus(context.settings().lease()));
    List<Claim> claims = context.leases().claimAll(requests, claimant);
    List<ReadyRuns.Ready> claimed = new ArrayList<>();
    Set<Long> taken = new HashSet<>();
    for (int i = 0; i < requests.size(); i++) {
      Run run = requests.get(i).run();
      Claim claim = claims.get(i);
      switch (claim.result()) {
        case CLAIMED -> {
          Instant at = run.dueAt().isAfter(now) ? run.dueAt() : now;
          AttemptExecution execution = new AttemptExecution(context, new AttemptExecution.Links(writer, this::stopping,
              work -> workEnded(run, work)), run, spec.get(run.id()), new Lease(run.id(), claim.attempt(), context.nodeId()),
              claimant.leaseUntil(), at);
          running.put(run.id(), execution);
          claimed.add(new ReadyRuns.Ready(execution, at));
        }
        case SKIPPED -> {
          log.info("job={} run={} SKIPPED: run {} is still running (overlap: forbid)", run.job(), run.id(),
              claim.blockingRun());
          context.events().skipped(run);
        }
        case WAITING -> {
          log.debug("job={} run={} waits for run {} to end", run.job(), run.id(), claim.blockingRun());
          heldBack.add(run.job());
        }
        case GROUP_FULL -> {
          log.debug("job={} run={} waits for a slot in concurrency group {}", run.job(), run.id(),
              requests.get(i).group().name());
          slotWanted = true;
        }
        case NOT_YET -> heldBack.add(run.job());
        case TAKEN -> taken.add(run.id());
      }
    }
    ready.add(claimed);
    lookAgainIfLost(passedOver, taken);
    return claimed.size();
  }

  /**
   * Another claim took runs this pass wanted: the queue moved, so the next pass comes at once and
   * reads past them and those the passes before it lost, a few times in a row at most (runs taken
   * again and again wait for the poll).
   */
  private void lookAgainIfLost(Set<Long> passedOver, Set<Long> taken) {
    if (taken.isEmpty()) {
      retriesAfterLoss = 0;
      return;
    }
    boolean again = retriesAfterLoss++ < RETRIES_AFTER_LOSS;
    Set<Long> all = new HashSet<>(taken);
    if (again) {
      all.addAll(passedOver);
    }
    lost = Set.copyOf(all);
    if (again) {
      wake();
    }
  }

  /**
   * Runs a claimed attempt on the pool; the starter counted it as executing already. It counts
   * against the executor threads until its work is over; the run stays this node's (its lease
   * renewed) until its outcome is written.
   */
  private void launch(AttemptExecution execution) {
    long runId = execution.lease().runId();
    try {
      pool.execute(() -> {
        try {
          execution.run();
        } finally {
          execution.workEnded();
          running.remove(runId, execution);
          String job = recording.remove(runId);
          boolean slotFreed = job != null && slotWanted;
          if (job != null && (heldBack.remove(job) | slotFreed)) {
            // A run of the same job, or one waiting for its group's slot, waited for this
            // outcome. (One that a claim transaction held back while this outcome committed
            // waits for the next wake or node.poll.)
            slotWanted = false;
            wake();
          }
        }
      });
    } catch (RejectedExecutionException closing) {
      // Drain began between the claim and now: the attempt never started; hand the run back.
      execution.workEnded();
      running.remove(runId, execution);
      recording.remove(runId);
      giveBack(List.of(execution), "it stopped before starting it");
    }
  }

  /** Called once per attempt when its work is over, before its outcome is written. */
  private void workEnded(Run run, Duration work) {
    typicalWorkNanos = (typicalWorkNanos * 7 + work.toNanos()) / 8; // racy on purpose: a rough average is enough
    workMix.add(work);
    recording.put(run.id(), run.job());
    executing.decrementAndGet();
    ready.freed();
    // A pass once the claimed runs that may start now run low, not at every end: short work is
    // claimed half a target at a time, in one commit, while the other half keeps the threads
    // busy. Runs claimed ahead do not count: the rest of their second is claimed meanwhile. None
    // before unclaimedFrom: the last pass saw every run it could claim until then.
    Instant now = context.clock().instant();
    if (!now.isBefore(unclaimedFrom) && !ready.dueAtLeast(Math.max(context.settings().executorThreads(), nowTarget() / 2), now)) {
      wake();
    }
  }

  /** Queues claimed runs that never started again, for any node. */
  private void giveBack(List<AttemptExecution> unstarted, String why) {
    if (unstarted.isEmpty()) {
      return;
    }
    unstarted.forEach(e -> running.remove(e.lease().runId(), e));
    try {
      Set<Long> given = context.leases().unclaim(unstarted.stream().map(AttemptExecution::lease).toList());
      log.info("{} claimed run(s) queued again unstarted: node {} {}: runs {}", given.size(), context.nodeId(), why, given);
    } catch (StoreException e) {
      log.warn("could not queue {} unstarted run(s) again ({}); their leases run out and any node recovers them: runs {}",
          unstarted.size(), e.getMessage(), unstarted.stream().map(x -> x.lease().runId()).toList());
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
      // The loop may be inside a claim; let it finish before the claimed runs are given back.
      loop.join(Duration.ofSeconds(30).toMillis());
      giveBack(ready.stop(), "is stopping");
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
