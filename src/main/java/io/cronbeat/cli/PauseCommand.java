package io.cronbeat.cli;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.dispatch.RunService;
import io.cronbeat.store.Store;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scheduler pause}: stop a job's firings on every node until resumed. */
@Command(name = "pause", mixinStandardHelpOptions = true,
    description = {"Pause a job on every node.",
        "Its firings are recorded as MISSED instead of run.",
        "It stays paused across restarts and reloads; 'bin/scheduler resume' applies its catch-up policy to what it missed."})
class PauseCommand implements Callable<Integer> {

  private final CliContext context;

  @Mixin CommonOptions options;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "JOB", description = "The job to pause.")
  String job;

  PauseCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    CronbeatConfig config = options.config(context);
    try (Store store = options.store(context, config)) {
      if (!RunService.of(store, context.clock(), config.limits().catchUpMaxRuns()).pause(job)) {
        return unknown(store, spec, job);
      }
      spec.commandLine().getOut().println("paused " + job + " on every node");
      return ExitCodes.OK;
    }
  }

  static int unknown(Store store, CommandSpec spec, String job) {
    List<String> names = store.jobs().all().stream().map(j -> j.spec().name()).toList();
    Jobs.unknown(job, names, "in the store (a node adds declared jobs when it starts)", spec.commandLine().getErr());
    return ExitCodes.INVALID;
  }

}
