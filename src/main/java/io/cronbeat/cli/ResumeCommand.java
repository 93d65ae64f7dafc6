package io.cronbeat.cli;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.store.JobTable;
import io.cronbeat.store.Store;
import java.time.Instant;
import java.util.List;
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
      JobTable.StoredJob stored = store.jobs().find(job).orElse(null);
      if (stored == null) {
        return PauseCommand.unknown(store, spec, job);
      }
      if (!stored.paused()) {
        spec.commandLine().getOut().println(job + " is not paused");
        return ExitCodes.OK;
      }
      Instant now = context.clock().instant();
      store.jobs().setPaused(job, false, now);
      int count = switch (stored.spec().catchUp()) {
        case NONE -> 0;
        case LATEST -> 1;
        case ALL -> config.limits().catchUpMaxRuns();
      };
      List<Long> queued = store.runs().queuePausedFirings(job, stored.pausedAt(), count, now);
      spec.commandLine().getOut().println("resumed " + job + " on every node; " + (queued.isEmpty()
          ? "no missed firing to run" : queued.size() + " missed firing(s) queued") + " (catch-up: "
          + stored.spec().catchUp().name().toLowerCase(java.util.Locale.ROOT) + ")");
      return ExitCodes.OK;
    }
  }
}
