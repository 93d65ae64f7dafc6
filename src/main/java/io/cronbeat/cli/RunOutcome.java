package io.cronbeat.cli;

import io.cronbeat.dispatch.RunService;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunState;
import io.cronbeat.text.DurationText;
import io.cronbeat.timing.ScheduleException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** {@code --wait}: follow a queued run to its end, print its output, exit with its exit code. */
final class RunOutcome {

  private RunOutcome() {}

  /** How often a wait with no node up says so again. */
  static final Duration REPEAT = Duration.ofSeconds(10);

  /** {@code --wait-timeout}, or empty for no limit. */
  static Optional<Duration> limit(String text) {
    return text == null ? Optional.empty() : Optional.of(DurationText.parse(text).filter(d -> !d.isZero()).orElseThrow(() ->
        new ScheduleException("--wait-timeout '" + text + "' is not a duration", DurationText.HINT)));
  }

  /**
   * @param limit how long to wait before giving up (the run stays queued), or empty for ever
   * @param nodes asked every {@link #REPEAT} while the run waits: no node up is said again
   */
  static int await(RunService runs, long id, Optional<Duration> limit, LiveNodes nodes, Clock clock, PrintWriter out,
      PrintWriter err) throws InterruptedException {
    long deadline = limit.map(d -> System.nanoTime() + d.toNanos()).orElse(Long.MAX_VALUE);
    Run run;
    while (true) {
      long left = deadline - System.nanoTime();
      Optional<Run> ended = runs.await(id, Duration.ofNanos(Math.min(REPEAT.toNanos(), Math.max(0, left))));
      if (ended.isPresent()) {
        run = ended.get();
        break;
      }
      if (System.nanoTime() - deadline >= 0) {
        Run waiting = runs.find(id).orElseThrow();
        err.println("run " + id + " is still " + waiting.state() + " after " + DurationText.format(limit.orElseThrow())
            + "; it stays queued (bin/scheduler cancel " + id + " drops it)");
        return ExitCodes.FAILURE;
      }
      if (runs.find(id).orElseThrow().state() == RunState.QUEUED) {
        nodes.warnIfNone(clock.instant(), err);
      }
    }
    out.print(runs.output(id, Optional.empty()).orElse(""));
    out.flush();
    err.println("run " + id + " " + run.state() + (run.exitCode() == null ? "" : " (exit " + run.exitCode() + ")")
        + " after " + run.attempts() + (run.attempts() == 1 ? " attempt" : " attempts")
        + (run.reason() == null || run.state() == RunState.SUCCEEDED ? "" : ": " + run.reason()));
    if (run.state() == RunState.SUCCEEDED) {
      return 0;
    }
    return run.exitCode() != null && run.exitCode() != 0 ? run.exitCode() : ExitCodes.FAILURE;
  }
}
