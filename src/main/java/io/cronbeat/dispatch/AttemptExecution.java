package io.cronbeat.dispatch;

import io.cronbeat.exec.ProcessResult;
import io.cronbeat.exec.ProcessRunner;
import io.cronbeat.exec.ProcessSpec;
import io.cronbeat.job.Notify;
import io.cronbeat.notify.Notifier;
import io.cronbeat.store.JobSpec;
import io.cronbeat.store.Run;
import io.cronbeat.store.RunState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One attempt of a claimed run: the process, its record, and what the run does next. */
final class AttemptExecution implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(AttemptExecution.class);

  private final DispatchContext context;
  private final Run run;
  private final JobSpec spec;
  private final int attempt;
  private final ProcessRunner.Handle handle;
  private volatile boolean nodeStopping;
  private final java.util.concurrent.atomic.AtomicBoolean cancelling = new java.util.concurrent.atomic.AtomicBoolean();

  AttemptExecution(DispatchContext context, Run run, JobSpec spec, int attempt, ProcessRunner.Handle handle) {
    this.context = context;
    this.run = run;
    this.spec = spec;
    this.attempt = attempt;
    this.handle = handle;
  }

  /** Stops the process at someone's request, once: the run ends CANCELLED. */
  void cancelHandle() {
    if (cancelling.compareAndSet(false, true)) {
      handle.stop();
    }
  }

  /** Stops the process because the node is shutting down: the run is queued again, not cancelled. */
  void stopForShutdown() {
    nodeStopping = true;
    handle.stop();
  }

  @Override
  public void run() {
    String tag = "job=" + run.job() + " run=" + run.id() + " attempt=" + attempt + "/" + run.maxAttempts();
    Path logFile = context.logDir().resolve(run.job()).resolve(run.id() + "-" + attempt + ".log");
    Instant started = context.clock().instant();
    Persist.untilStored(log, tag + " recording the start",
        () -> context.runs().attemptStarted(run.id(), attempt, context.nodeId(), started, logFile.toString()));
    log.info("{} started on node={}{}", tag, context.nodeId(),
        run.scheduledAt() == null ? "" : " for firing " + run.scheduledAt());
    ProcessResult result = context.runner().run(new ProcessSpec(spec.argv(),
        Optional.ofNullable(spec.workdir()).map(Path::of), environment(),
        Optional.ofNullable(spec.timeoutSeconds()).map(Duration::ofSeconds), logFile), handle);
    Instant ended = context.clock().instant();
    String outcome = result.outcome() == ProcessResult.Outcome.NOT_STARTED ? "FAILED" : result.outcome().name();
    Persist.untilStored(log, tag + " recording the outcome", () -> context.runs().attemptFinished(run.id(), attempt,
        outcome, result.exitCode(), ended, result.tail()));
    log.info("{} ended {} ({}) after {} ms", tag, outcome, result.detail(), Duration.between(started, ended).toMillis());
    Persist.untilStored(log, tag + " recording what comes next", () -> next(result, ended, tag));
  }

  private void next(ProcessResult result, Instant ended, String tag) {
    switch (result.outcome()) {
      case SUCCEEDED -> {
        context.runs().finish(run.id(), RunState.SUCCEEDED, 0, ended, null);
        Optional<RunState> before = context.runs().previousOutcome(run.job(), run.id());
        if (before.isPresent() && before.get() != RunState.SUCCEEDED) {
          context.notifier().notify(spec, Notify.Event.RECOVERY, outcome(RunState.SUCCEEDED, result));
        }
      }
      case CANCELLED -> {
        if (nodeStopping) {
          context.runs().retryAt(run.id(), ended, null, "node " + context.nodeId() + " shut down during attempt " + attempt);
          log.info("{} was stopped by the node's shutdown; queued again for any node", tag);
        } else {
          context.runs().cancelled(run.id(), ended, result.detail());
        }
      }
      case FAILED, TIMED_OUT, NOT_STARTED -> {
        RunState state = result.outcome() == ProcessResult.Outcome.TIMED_OUT ? RunState.TIMED_OUT : RunState.FAILED;
        if (attempt < run.maxAttempts()) {
          Duration wait = Backoff.after(spec, attempt, context.random());
          context.runs().retryAt(run.id(), ended.plus(wait), result.exitCode(), result.detail());
          log.info("{} will be retried in {} ms", tag, wait.toMillis());
        } else {
          context.runs().finish(run.id(), state, result.exitCode(), ended, result.detail());
          log.warn("{} {}: no attempts left", tag, state);
          context.notifier().notify(spec, Notify.Event.FAILURE, outcome(state, result));
        }
      }
    }
  }

  private Notifier.Outcome outcome(RunState state, ProcessResult result) {
    return new Notifier.Outcome(run.job(), run.id(), state.name(), result.exitCode(), attempt, context.nodeId(), result.tail());
  }

  private Map<String, String> environment() {
    Map<String, String> env = new HashMap<>(spec.env());
    env.put("CRONBEAT_JOB", run.job());
    env.put("CRONBEAT_RUN_ID", Long.toString(run.id()));
    env.put("CRONBEAT_SCHEDULED_AT", run.scheduledAt() == null ? "" : run.scheduledAt().toString());
    env.put("CRONBEAT_ATTEMPT", Integer.toString(attempt));
    return env;
  }
}
