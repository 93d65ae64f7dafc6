package io.cronbeat.cli;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.dispatch.RunService;
import io.cronbeat.store.Store;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scheduler resume}: undo a pause; what it missed follows its catch-up policy. */
@Command(name = "resume", mixinStandardHelpOptions = true,
    description = {"Resume a paused job on every node.",
        "The firings it missed while paused follow its catch-up policy: none runs none, latest runs the most recent,",
        "all runs each (up to catch-up.max-runs)."})
class ResumeCommand implements Callable<Integer> {

  private final CliContext context;

  @Mixin CommonOptions options;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "JOB", description = "The job to resume.")
  String job;

  ResumeCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    CronbeatConfig config = options.config(context);
    try (Store store = options.store(context, config)) {
      RunService.Resumed resumed = RunService.of(store, context.clock(), config.limits().catchUpMaxRuns()).resume(job)
          .orElse(null);
      if (resumed == null) {
        return PauseCommand.unknown(store, spec, job);
      }
      if (!resumed.wasPaused()) {
        spec.commandLine().getOut().println(job + " is not paused");
        return ExitCodes.OK;
      }
      spec.commandLine().getOut().println("resumed " + job + " on every node; " + (resumed.queued().isEmpty()
          ? "no missed firing to run" : resumed.queued().size() + " missed firing(s) queued") + " (catch-up: "
          + resumed.catchUp() + ")");
      return ExitCodes.OK;
    }
  }
}
