package io.cronbeat.dispatch;

import io.cronbeat.exec.ProcessGroup;
import io.cronbeat.exec.ProcessResult;
import io.cronbeat.exec.ProcessRunner;
import io.cronbeat.exec.ProcessSpec;
import io.cronbeat.job.Notify;
import io.cronbeat.notify.Notice;
import io.cronbeat.run.AttemptOutcome;
import io.cronbeat.run.JobSpec;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunState;
import io.cronbeat.store.AttemptEnd;
import io.cronbeat.store.Lease;
import io.cronbeat.store.StoreException;
import io.cronbeat.store.Transition;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One attempt of a claimed run: the process, its record, and what the run does next. Everything
 * it writes is fenced by its {@link Lease}: once another node owns the run, it writes nothing.
 */
final class AttemptExecution implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(AttemptExecution.class);

  /** Why the node stopped the process, if it did; a later reason only wins when it is graver. */
  enum Stop { NONE, CANCEL, SHUTDOWN, LEASE_EXPIRED, LEASE_TAKEN }

  /**
   * What an attempt tells its node, and through what.
   *
   * @param writer records its process group and its outcome, batched with other attempts'
   * @param nodeStopping true once the node has begun to stop
   * @param processEnded called once the work is over (with how long it took; zero for work never
   *     begun), before the outcome is written: the node
   *     may start another attempt meanwhile
   */
  record Links(AttemptWriter writer, BooleanSupplier nodeStopping, Consumer<Duration> processEnded) {}

  private final DispatchContext context;
  private final AttemptWriter writer;
  private final Consumer<Duration> ended;
  private final Run run;
  private final JobSpec spec;
  private final Lease lease;
  private final Path logFile;
  private final ProcessRunner.Handle handle = new ProcessRunner.Handle(this::processStarted);
  private final AtomicReference<Stop> stop = new AtomicReference<>(Stop.NONE);
  private final BooleanSupplier nodeStopping;
  private final Instant plannedStart;
  private final AtomicBoolean workOver = new AtomicBoolean();
  private volatile long workBegan;
  private volatile Instant leaseDeadline;
  private volatile boolean processEnded;

  /** @param plannedStart the start its claim recorded: the claim's time, or the due time of a run claimed ahead */
  AttemptExecution(DispatchContext context, Links links, Run run, JobSpec spec, Lease lease, Instant leaseDeadline,
      Instant plannedStart) {
    this.context = context;
    this.writer = links.writer();
    this.ended = links.processEnded();
    this.nodeStopping = links.nodeStopping();
    this.run = run;
    this.spec = spec;
    this.lease = lease;
    this.leaseDeadline = leaseDeadline;
    this.plannedStart = plannedStart;
    this.logFile = logFile(context, run, lease.attempt());
  }

  static Path logFile(DispatchContext context, Run run, int attempt) {
    return context.logDir().resolve(run.job()).resolve(run.id() + "-" + attempt + ".log");
  }

  Lease lease() {
    return lease;
  }

  /** Stops the process at someone's request: the run ends CANCELLED. */
  void cancel() {
    request(Stop.CANCEL);
  }

  /** Stops the process because the node is shutting down: the run is queued again, not cancelled. */
  void stopForShutdown() {
    request(Stop.SHUTDOWN);
  }

  /**
   * Stops the process if the lease has run out by {@code now}: the node could not renew it in
   * time, so a peer may take the run over after node.recovery-margin.
   */
  boolean expireLease(Instant now) {
    if (now.isBefore(leaseDeadline) || stop.get().ordinal() >= Stop.LEASE_EXPIRED.ordinal()) {
      return false;
    }
    log.warn("{} lease ran out at {} without a renewal (database unreachable or node paused); stopping its process group",
        tag(), leaseDeadline);
    request(Stop.LEASE_EXPIRED);
    return true;
  }

  /**
   * Another node owns the run now: stop at once and record nothing. Once the process has ended
   * there is nothing to stop, and the fenced write of the outcome says itself whether the run
   * was still ours (a renewal racing this attempt's own last write lands here too).
   */
  void leaseTaken() {
    if (!processEnded && stop.get() != Stop.LEASE_TAKEN) {
      log.warn("{} another node took the run over (this node's lease had run out); stopping its process group", tag());
      request(Stop.LEASE_TAKEN);
    }
  }

  /** True when the node should keep renewing this attempt's lease. */
  boolean renewable(Instant now) {
    return now.isBefore(leaseDeadline) && stop.get().ordinal() < Stop.LEASE_EXPIRED.ordinal();
  }

  void leaseRenewed(Instant deadline) {
    leaseDeadline = deadline;
  }

  private void request(Stop why) {
    Stop before = stop.getAndUpdate(current -> why.ordinal() > current.ordinal() ? why : current);
    if (why.ordinal() > before.ordinal()) {
      handle.stop();
    }
  }

  private void processStarted(ProcessGroup group) {
    try {
      writer.processStarted(lease, group.pgid(), group.leaderStartedAt());
    } catch (StoreException e) {
      // Not retried: the output must be copied meanwhile. Without it only this node can stop the group.
      log.warn("{} could not record its process group {}: {}", tag(), group.pgid(), e.getMessage());
    }
  }

  /** Tells the node, once, that this attempt's work is over (or will never begin). */
  void workEnded() {
    if (workOver.compareAndSet(false, true)) {
      ended.accept(workBegan == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - workBegan));
    }
  }

  private String tag() {
    return "job=" + run.job() + " run=" + run.id() + " attempt=" + lease.attempt() + "/" + run.attemptLimit();
  }

  @Override
  public void run() {
    // The attempt's fields on every event its thread logs: fields of their own in JSON logs (MDC).
    MDC.put("job", run.job());
    MDC.put("run", Long.toString(run.id()));
    MDC.put("attempt", Integer.toString(lease.attempt()));
    try {
      attempt();
    } finally {
      MDC.remove("job");
      MDC.remove("run");
      MDC.remove("attempt");
    }
  }

  private void attempt() {
    String tag = tag();
    Instant started = context.clock().instant();
    ProcessResult result;
    if (stop.get() != Stop.NONE) {
      // Cancelled, or its lease lost, while it waited for its due time: nothing to start.
      result = new ProcessResult(ProcessResult.Outcome.CANCELLED, null, "stopped before it started", "");
    } else {
      log.info("{} started on node={}{}{}", tag, context.nodeId(),
          run.scheduledAt() == null ? "" : " for firing " + run.scheduledAt(),
          run.lostAttempts() == 0 ? "" : " (" + run.lostAttempts() + " earlier attempt(s) lost with their node)");
      workBegan = System.nanoTime();
      context.events().attemptStarted(run, lease.attempt(), started);
      result = execute(tag);
    }
    processEnded = true;
    // Measured on this host's monotonic clock: the node's clock may be the database's, or a test's.
    Duration worked = workBegan == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - workBegan);
    workEnded();
    Instant ended = context.clock().instant();
    if (stop.get() == Stop.LEASE_TAKEN) {
      log.warn("{} ended {} on a run another node owns now; nothing recorded", tag, result.outcome());
      return;
    }
    Decision decision = decide(result, ended);
    AttemptEnd end = started.equals(plannedStart) ? decision.end() : decision.end().startedAt(started);
    Boolean recorded = Persist.untilStored(log, tag + " recording the outcome",
        () -> writer.complete(lease, end, decision.next()), nodeStopping);
    long millis = Duration.between(started, ended).toMillis();
    if (recorded == null) {
      log.warn("{} ended {} ({}) after {} ms; not recorded: the database is unreachable and the node is stopping",
          tag, decision.end().outcome(), result.detail(), millis);
    } else if (!recorded) {
      log.warn("{} ended {} ({}) after {} ms; not recorded: another node owns the run now (this node's lease ran out)",
          tag, decision.end().outcome(), result.detail(), millis);
    } else {
      log.info("{} ended {} ({}) after {} ms{}", tag, decision.end().outcome(), result.detail(), millis, decision.note());
      context.events().attemptRecorded(run, decision.end(), decision.next(), Duration.between(started, ended));
      notify(decision, result, worked);
    }
  }

  private ProcessResult execute(String tag) {
    try {
      return context.executor().run(new ProcessSpec(spec.argv(),
          Optional.ofNullable(spec.workdir()).map(Path::of), environment(),
          Optional.ofNullable(spec.timeout()), logFile, Optional.ofNullable(spec.http())),
          handle);
    } catch (RuntimeException | Error e) {
      // The boundary of one attempt: whatever went wrong ends this attempt, not the node.
      handle.stop();
      log.error("{} internal error: {}", tag, e.toString(), e);
      return new ProcessResult(ProcessResult.Outcome.FAILED, null, "cronbeat internal error: " + e, "");
    }
  }

  /** The attempt's record and the run's next state. */
  private record Decision(AttemptEnd end, Transition next, String note) {}

  private Decision decide(ProcessResult result, Instant ended) {
    Stop why = stop.get();
    if (why == Stop.LEASE_EXPIRED) {
      String reason = "node " + context.nodeId() + " could not renew its lease in time; the attempt was stopped";
      return new Decision(new AttemptEnd(ended, AttemptOutcome.LOST, result.exitCode(), result.tail(), reason),
          new Transition.Requeue(ended, null, reason, true), "; queued again for any node");
    }
    AttemptEnd end = new AttemptEnd(ended, recorded(result.outcome()), result.exitCode(), result.tail(),
        result.outcome() == ProcessResult.Outcome.SUCCEEDED ? null : result.detail());
    return switch (result.outcome()) {
      case SUCCEEDED -> new Decision(end, new Transition.Finish(RunState.SUCCEEDED, 0, ended, null), "");
      case CANCELLED -> why == Stop.SHUTDOWN
          ? new Decision(end, new Transition.Requeue(ended, null,
              "node " + context.nodeId() + " shut down during attempt " + lease.attempt(), true), "; queued again for any node")
          : new Decision(end, new Transition.Cancelled(ended, result.detail()), "");
      case FAILED, TIMED_OUT, NOT_STARTED -> {
        RunState state = result.outcome() == ProcessResult.Outcome.TIMED_OUT ? RunState.TIMED_OUT : RunState.FAILED;
        int tries = lease.attempt() - run.lostAttempts();
        if (tries < run.maxAttempts()) {
          Duration wait = Backoff.after(spec, tries, context.random());
          yield new Decision(end, new Transition.Requeue(ended.plus(wait), result.exitCode(), result.detail(), false),
              "; retried in " + wait.toMillis() + " ms");
        }
        yield new Decision(end, new Transition.Finish(state, result.exitCode(), ended, result.detail()), "; no attempts left");
      }
    };
  }

  /** What the attempt's record says of how the work ended: a command that never started failed. */
  private static AttemptOutcome recorded(ProcessResult.Outcome outcome) {
    return switch (outcome) {
      case SUCCEEDED -> AttemptOutcome.SUCCEEDED;
      case FAILED, NOT_STARTED -> AttemptOutcome.FAILED;
      case TIMED_OUT -> AttemptOutcome.TIMED_OUT;
      case CANCELLED -> AttemptOutcome.CANCELLED;
    };
  }

  private void notify(Decision decision, ProcessResult result, Duration took) {
    if (!(decision.next() instanceof Transition.Finish finish)) {
      return;
    }
    Notice notice = new Notice(Notify.Event.FAILURE, run.job(), run.id(), lease.attempt(), finish.state().name(),
        result.exitCode(), took, result.tail(), run.scheduledAt(), null, context.nodeId());
    if (finish.state() == RunState.SUCCEEDED) {
      if (recovers()) {
        context.notifier().notify(spec, notice.as(Notify.Event.RECOVERY));
      }
      return;
    }
    context.notifier().notify(spec, notice);
    if (finish.state() == RunState.TIMED_OUT) {
      context.notifier().notify(spec, notice.as(Notify.Event.TIMEOUT));
    }
  }

  /**
   * Whether this success ends a run of failures, so that a recovery notice is due. Not while the
   * job is overdue: the watchdog sends the recovery that ends the episode, and one is enough.
   */
  private boolean recovers() {
    if (!notifiesRecovery()) {
      return false; // no one to tell: spare the queries
    }
    try {
      Optional<RunState> before = context.history().previousOutcome(run.job(), run.id());
      return before.isPresent() && before.get() != RunState.SUCCEEDED && !context.jobs().inOverdueEpisode(run.job());
    } catch (StoreException e) {
      // The outcome is recorded; only the recovery notice depends on these reads.
      log.warn("{} succeeded, but whether it recovers from a failure is unknown (no recovery notice sent): {}", tag(),
          e.getMessage());
      return false;
    }
  }

  private boolean notifiesRecovery() {
    return spec.notifyOn() != null && spec.notifyOn().contains(Notify.Event.RECOVERY)
        && (spec.webhook() != null || spec.notifyCommand() != null);
  }

  private Map<String, String> environment() {
    Map<String, String> env = new HashMap<>(spec.env());
    env.put("CRONBEAT_JOB", run.job());
    env.put("CRONBEAT_RUN_ID", Long.toString(run.id()));
    env.put("CRONBEAT_SCHEDULED_AT", run.scheduledAt() == null ? "" : run.scheduledAt().toString());
    env.put("CRONBEAT_ATTEMPT", Integer.toString(lease.attempt()));
    env.put("CRONBEAT_NODE_ID", lease.nodeId()); // which node ran it, where its labels matter
    return env;
  }
}
