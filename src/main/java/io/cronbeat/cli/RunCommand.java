package io.cronbeat.cli;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.job.JobDefinition;
import io.cronbeat.job.JobSet;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code scheduler run}: starts a node. Until the engine lands it validates the schedules and
 * shows what it would run, and says plainly that it runs nothing yet.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Start a scheduler node on the schedules directory.",
        "This build validates the schedules and lists what would run; the engine that fires jobs is not built yet."})
class RunCommand implements Callable<Integer> {

  private final CliContext context;

  @Mixin CommonOptions options;

  @Spec CommandSpec spec;

  RunCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    CronbeatConfig config = options.config(context);
    JobSet set = options.load(context, config, null);
    if (!set.valid()) {
      return CommonOptions.report(set, spec.commandLine().getErr());
    }
    PrintWriter out = spec.commandLine().getOut();
    Instant now = context.clock().instant();
    String format = "%-20s %-22s %-20s %s%n";
    out.printf(format, "JOB", "SCHEDULE", "ZONE", "NEXT");
    for (JobDefinition job : set.jobs()) {
      String schedule = job.when().map(JobDefinition.When::text).orElse("(manual)");
      String zone = job.when().map(w -> w.zone().getId()).orElse("-");
      String next = !job.enabled() ? "disabled" : job.when()
          .flatMap(w -> w.schedule().nextAfter(now).map(t -> TimeFormat.show(t, w.zone())))
          .orElse("-");
      out.printf(format, job.name(), schedule, zone, next);
    }
    out.println();
    out.println(set.jobs().size() + " jobs valid in " + config.schedules()
        + ". The engine that fires them is not built yet: nothing was started.");
    return ExitCodes.OK;
  }
}
