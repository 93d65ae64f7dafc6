package io.cronbeat.dispatch;

import io.cronbeat.run.JobSpec;
import io.cronbeat.run.RunKind;
import io.cronbeat.run.RunState;
import io.cronbeat.store.JobTable;
import io.cronbeat.store.RunQueue;
import io.cronbeat.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a person or an application asks of the runs: trigger, submit, pause, resume, cancel. The
 * CLI and the HTTP API call this, so a request means the same whichever way it came.
 */
public final class RunService {

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
  private final Clock clock;
  private final int catchUpMaxRuns;

  public RunService(JobTable jobs, RunQueue queue, Clock clock, int catchUpMaxRuns) {
    this.jobs = jobs;
    this.queue = queue;
    this.clock = clock;
    this.catchUpMaxRuns = catchUpMaxRuns;
  }

  public static RunService of(Store store, Clock clock, int catchUpMaxRuns) {
    return new RunService(store.jobs(), store.queue(), clock, catchUpMaxRuns);
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
    return queue.enqueue(new RunQueue.Entry(run.name(), RunKind.MANUAL, due, run.attempts(), jobs.toJson(run),
        request.withDownstream()), asking.key(), asking.queueLimit(), now);
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
    return queue.enqueue(new RunQueue.Entry(spec.name(), kind, due, spec.attempts(), jobs.toJson(spec)), asking.key(),
        asking.queueLimit(), now);
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
   * Resumes a paused job; the firings it missed follow its catch-up policy.
   *
   * @return empty when the store has no such job
   */
  public Optional<Resumed> resume(String job) {
    Optional<JobTable.StoredJob> stored = jobs.find(job);
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    String catchUp = stored.get().spec().catchUp().name().toLowerCase(Locale.ROOT);
    if (!stored.get().paused()) {
      return Optional.of(new Resumed(false, List.of(), catchUp));
    }
    Instant now = clock.instant();
    jobs.setPaused(job, false, now);
    int count = switch (stored.get().spec().catchUp()) {
      case NONE -> 0;
      case LATEST -> 1;
      case ALL -> catchUpMaxRuns;
    };
    return Optional.of(new Resumed(true, queue.queuePausedFirings(job, stored.get().pausedAt(), count, now), catchUp));
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
}
