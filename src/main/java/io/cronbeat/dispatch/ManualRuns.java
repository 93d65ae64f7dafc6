package io.cronbeat.dispatch;

import io.cronbeat.run.Attempt;
import io.cronbeat.run.JobSpec;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunKind;
import io.cronbeat.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs queued by hand ({@code scheduler trigger}, {@code scheduler submit}): durable rows in
 * the same queue as firings, executed by whichever node is up, now or when one starts.
 */
public final class ManualRuns {

  private static final Duration POLL = Duration.ofMillis(250);

  private final Store store;
  private final Clock clock;

  public ManualRuns(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Queues a run of a declared job, or of a one-off command; its definition travels with it. */
  public long queue(JobSpec spec, RunKind kind, Instant due) {
    return store.queue().enqueue(spec.name(), kind, due, spec.attempts(), clock.instant(), store.jobs().toJson(spec));
  }

  /** Blocks until the run has ended, and returns it. */
  public Run await(long id) throws InterruptedException {
    return await(id, Duration.ofDays(36_500)).orElseThrow();
  }

  /** The run as it is now. */
  public Run find(long id) {
    return store.history().find(id).orElseThrow();
  }

  /** The run once it has ended, or empty if it has not within {@code limit}. */
  public Optional<Run> await(long id, Duration limit) throws InterruptedException {
    Instant deadline = Instant.now().plus(limit);
    while (true) {
      Run run = store.history().find(id).orElseThrow();
      if (run.state().isFinal()) {
        return Optional.of(run);
      }
      if (Instant.now().isAfter(deadline)) {
        return Optional.empty();
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /**
   * The output of a run's attempt: its log file when this machine can read it, else the lines
   * the store kept.
   *
   * @param attempt the attempt number, or empty for the last one
   */
  public Optional<String> output(long runId, Optional<Integer> attempt) {
    return attempt(store.history().attempts(runId), attempt).map(ManualRuns::read);
  }

  /** The numbered attempt of these, or the last one when no number is given. */
  public static Optional<Attempt> attempt(List<Attempt> attempts, Optional<Integer> number) {
    return number.isPresent()
        ? attempts.stream().filter(a -> a.attempt() == number.get()).findFirst()
        : attempts.stream().reduce((first, second) -> second);
  }

  private static String read(Attempt attempt) {
    if (attempt.logPath() != null && Files.isReadable(Path.of(attempt.logPath()))) {
      try {
        return Files.readString(Path.of(attempt.logPath()));
      } catch (IOException e) {
        // fall back to the kept lines
      }
    }
    return attempt.outputTail() == null || attempt.outputTail().isEmpty() ? "" : attempt.outputTail() + "\n";
  }
}
