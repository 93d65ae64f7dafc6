package io.cronbeat.cli;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.dispatch.RunService;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunState;
import io.cronbeat.store.Store;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scheduler cancel}: stop a queued or running run. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
    description = {"Cancel a queued or running run.",
        "A queued run at once; a running one is stopped by its node (its whole process tree) within a heartbeat.",
        "Either way it is recorded as CANCELLED."})
class CancelCommand implements Callable<Integer> {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private final CliContext context;

  @Mixin CommonOptions options;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "RUN", description = "The run id (see bin/scheduler history).")
  long runId;

  CancelCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws InterruptedException {
    CronbeatConfig config = options.config(context);
    try (Store store = options.store(context, config)) {
      RunService runs = RunService.of(store, context.clock(), config.limits().catchUpMaxRuns());
      Optional<RunState> before = runs.cancel(runId, "scheduler cancel");
      if (before.isEmpty()) {
        spec.commandLine().getErr().println("error: no run " + runId + "\n  hint: bin/scheduler history lists the runs");
        return ExitCodes.INVALID;
      }
      if (before.get().isFinal()) {
        spec.commandLine().getErr().println("run " + runId + " had already ended " + before.get() + "; nothing to cancel");
        return ExitCodes.OK;
      }
      Optional<Run> ended = runs.await(runId, WAIT);
      if (ended.isEmpty()) {
        spec.commandLine().getErr().println("error: run " + runId + " is still running after " + WAIT.toSeconds()
            + "s\n  hint: its node may be down; once its lease runs out the run is recovered and can be cancelled");
        return ExitCodes.FAILURE;
      }
      spec.commandLine().getOut().println("run " + runId + " " + ended.get().state());
      return ExitCodes.OK;
    }
  }
}
