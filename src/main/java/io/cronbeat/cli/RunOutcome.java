package io.cronbeat.cli;

import io.cronbeat.dispatch.ManualRuns;
import io.cronbeat.store.Run;
import io.cronbeat.store.RunState;
import java.io.PrintWriter;
import java.util.Optional;

/** {@code --wait}: follow a queued run to its end, print its output, exit with its exit code. */
final class RunOutcome {

  private RunOutcome() {}

  static int await(ManualRuns runs, long id, PrintWriter out, PrintWriter err) throws InterruptedException {
    Run run = runs.await(id);
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
