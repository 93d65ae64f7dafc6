package io.cronbeat.dispatch;

import io.cronbeat.run.Attempt;
import io.cronbeat.run.JobSpec;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunKind;
import io.cronbeat.run.RunState;
import io.cronbeat.store.JobTable;
import io.cronbeat.store.RunHistory;
import io.cronbeat.store.RunQueue;
import io.cronbeat.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a person or an application asks of the runs: trigger, submit, await, output, pause, resume,
 * cancel. The CLI and the HTTP API call this, so a request means the same whichever way it came.
 * Runs queued here are durable rows in the same queue as firings, executed by whichever node is
 * up, now or when one starts.
 */
public final class RunService {

  /** How often {@link #await} looks at the run again. */
  private static final Duration POLL = Duration.ofMillis(250);

  /**
   * Who asks, and what bounds them: the API passes its idempotency key and the queue limit, the
   * CLI neither.
   */
  public record Asking(RequestForm form, Optional<RunQueue.Key> key, OptionalInt queueLimit) {
    public static final Asking CLI = new Asking(RequestForm.CLI, Optional.empty(), OptionalInt.empty());
  }

  /** What a resume did. */
  public record Resumed(boolean wasPaused, List<Long> queued, String catchUp) {}

  private final JobTable jobs;
  private final RunQueue queue;
  private final RunHistory history;
  private final Clock clock;
  private final int catchUpMaxRuns;
  private final Runnable queuedHere;

  public RunService(JobTable jobs, RunQueue queue, RunHistory history, Clock clock, int catchUpMaxRuns) {
    this(jobs, queue, history, clock, catchUpMaxRuns, () -> { });
  }

  private RunService(JobTable jobs, RunQueue queue, RunHistory history, Clock clock, int catchUpMaxRuns,
      Runnable queuedHere) {
    this.jobs = jobs;
    this.queue = queue;
    this.history = history;
    this.clock = clock;
    this.catchUpMaxRuns = catchUpMaxRuns;
    this.queuedHere = queuedHere;
  }

  /**
   * The same service, telling a node's dispatcher after each queued run: a run triggered through
   * the node's API or dashboard starts at once there, not at the node's next poll (node.poll). A
   * CLI process has no dispatcher: the nodes find its runs when they poll.
   */
  public RunService wakingAfterQueue(Runnable wake) {
    return new RunService(jobs, queue, history, clock, catchUpMaxRuns, wake);
  }

  public static RunService of(Store store, Clock clock, int catchUpMaxRuns) {
    return new RunService(store.jobs(), store.queue(), store.history(), clock, catchUpMaxRuns);
  }

  /** The job as the cluster knows it (the API triggers these; the CLI its own files'). */
  public Optional<JobSpec> job(String name) {
    return jobs.find(name).map(JobTable.StoredJob::spec);
  }

  /**
   * Queues a run of a declared job.
   *
   * @throws RequestException when the request breaks a rule (naming the field)
   */
  public RunQueue.Outcome trigger(JobSpec job, RunRequests.Trigger request, Asking asking) {
    Instant now = clock.instant();
    Instant due = RunRequests.due(request.in(), request.at(), now, asking.form());
    JobSpec run = RunRequests.trigger(job, request, asking.form());
    return woken(queue.enqueue(new RunQueue.Entry(run.name(), RunKind.MANUAL, due, run.attempts(), jobs.toJson(run),
        request.withDownstream()), asking.key(), asking.queueLimit(), now));
  }

  /**
   * Queues a one-off command, cronbeat's {@code .delay()}.
   *
   * @throws RequestException when the request breaks a rule (naming the field)
   */
  public RunQueue.Outcome submit(RunRequests.Submit request, Asking asking) {
    Instant now = clock.instant();
    Instant due = RunRequests.due(request.in(), request.at(), now, asking.form());
    return queue(RunRequests.submit(request, asking.form()), RunKind.SUBMITTED, due, asking, now);
  }

  private RunQueue.Outcome queue(JobSpec spec, RunKind kind, Instant due, Asking asking, Instant now) {
    return woken(queue.enqueue(new RunQueue.Entry(spec.name(), kind, due, spec.attempts(), jobs.toJson(spec)),
        asking.key(), asking.queueLimit(), now));
  }

  private <T> T woken(T queued) {
    queuedHere.run();
    return queued;
  }

  /** Runs queued and not yet started, all nodes'. */
  public int queued() {
    return queue.queued();
  }

  /** Pauses a job on every node; false when the store has no such job. */
  public boolean pause(String job) {
    return jobs.setPaused(job, true, clock.instant());
  }

  /**
   * Resumes a paused job in one transaction; the firings it missed follow its catch-up policy, as
   * {@link CatchUpPlan} applies it to the firings a node missed.
   *
   * @return empty when the store has no such job
   */
  public Optional<Resumed> resume(String job) {
    return woken(jobs.resume(job, clock.instant(), catchUpMaxRuns, (spec, missed) ->
            CatchUpPlan.of(missed, missed.size(), spec.catchUp(), catchUpMaxRuns).run()))
        .map(resumed -> new Resumed(resumed.wasPaused(), resumed.queued(),
            resumed.job().catchUp().name().toLowerCase(Locale.ROOT)));
  }

  /**
   * Cancels a run: a queued one at once, a running one by asking its node to stop it (within a heartbeat).
   *
   * @param by who cancels, for the run's reason
   * @return the state it was in, or empty when there is no such run
   */
  public Optional<RunState> cancel(long runId, String by) {
    return queue.cancel(runId, clock.instant(), "cancelled by " + by);
  }

  /** The run as it is now. */
  public Optional<Run> find(long runId) {
    return history.find(runId);
  }

  /** The run (which must exist) once it has ended, or empty if it has not within {@code limit}. */
  public Optional<Run> await(long runId, Duration limit) throws InterruptedException {
    // The wall clock, not the service's: the limit is how long the caller waits, also when a test sets the clock by hand.
    Instant deadline = Instant.now().plus(limit);
    while (true) {
      Run run = history.find(runId).orElseThrow();
      if (run.state().isFinal()) {
        return Optional.of(run);
      }
      if (Instant.now().isAfter(deadline)) {
        return Optional.empty();
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /** The run's attempts, oldest first. */
  public List<Attempt> attempts(long runId) {
    return history.attempts(runId);
  }

  /**
   * The output of a run's attempt: its log file when this machine can read it, else the lines
   * the store kept.
   *
   * @param number the attempt number, or empty for the last one
   * @return empty when the run has no such attempt
   */
  public Optional<String> output(long runId, Optional<Integer> number) {
    return attempt(attempts(runId), number).map(AttemptOutput::read);
  }

  /** The numbered attempt of these, or the last one when no number is given. */
  public static Optional<Attempt> attempt(List<Attempt> attempts, Optional<Integer> number) {
    return number.isPresent()
        ? attempts.stream().filter(a -> a.attempt() == number.get()).findFirst()
        : attempts.stream().reduce((first, second) -> second);
  }
}
