package io.cronbeat.cli;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.dispatch.ManualRuns;
import io.cronbeat.job.JobDefinition;
import io.cronbeat.job.JobSet;
import io.cronbeat.store.JobSpec;
import io.cronbeat.store.RunKind;
import io.cronbeat.store.Store;
import io.cronbeat.timing.ScheduleException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scheduler trigger}: queue a run of a declared job, now or later. */
@Command(name = "trigger", mixinStandardHelpOptions = true,
    description = {"Queue a run of a declared job, now or later.",
        "It follows the job's retry, timeout and overlap rules, and runs on whichever node is up, or when one starts.",
        "Arguments after -- are appended to a list-form command as separate arguments, never through a shell."},
    footer = {"%nExample: scheduler trigger nightly-backup --in 10m --env TARGET=/mnt/b -- --full"})
class TriggerCommand implements Callable<Integer> {

  private final CliContext context;

  @Mixin CommonOptions options;

  @Mixin When when;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "JOB", description = "A job declared in the schedules directory.")
  String job;

  @Parameters(index = "1..*", paramLabel = "ARG", description = "Arguments appended to the job's command (after --).")
  List<String> arguments = List.of();

  @Option(names = "--env", paramLabel = "K=V", description = "An environment variable for this run only (repeatable).")
  Map<String, String> env = Map.of();

  @Option(names = "--wait", description = "Follow the run to its end, print its output, exit with its exit code.")
  boolean await;

  @Option(names = "--wait-timeout", paramLabel = "DURATION",
      description = "With --wait: stop waiting after this long and exit 1; the run stays queued (default: no limit).")
  String waitTimeout;

  @Option(names = "--json", description = "Print the run as JSON.")
  boolean json;

  TriggerCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws InterruptedException {
    CronbeatConfig config = options.config(context);
    JobSet set = options.load(context, config, null);
    if (!set.valid()) {
      return CommonOptions.report(set, spec.commandLine().getErr());
    }
    JobDefinition definition = Jobs.find(set, job, config, spec.commandLine().getErr());
    if (definition == null) {
      return ExitCodes.INVALID;
    }
    JobSpec run = JobSpec.of(definition).withEnv(env);
    if (!arguments.isEmpty()) {
      if (run.shell()) {
        spec.commandLine().getErr().println("error: job '" + job + "' has a shell command; arguments after -- need a list-form"
            + " command\n  hint: write its command as a list, e.g. command: [\"/usr/local/bin/backup\", \"--quiet\"]");
        return ExitCodes.INVALID;
      }
      if (run.http() != null) {
        spec.commandLine().getErr().println("error: job '" + job + "' makes an HTTP request; arguments after -- need a"
            + " list-form command\n  hint: pass values with --env NAME=VALUE and use ${NAME} in its url or headers");
        return ExitCodes.INVALID;
      }
      run = run.withArguments(arguments);
    }
    if (waitTimeout != null && !await) {
      throw new ScheduleException("--wait-timeout goes with --wait", "add --wait, or leave out --wait-timeout");
    }
    Optional<Duration> waitLimit = RunOutcome.limit(waitTimeout);
    Instant due = when.due(context.clock().instant(), spec.commandLine().getErr());
    try (Store store = options.store(context, config)) {
      ManualRuns runs = new ManualRuns(store, context.clock());
      long id = runs.queue(run, RunKind.MANUAL, due);
      Queued.print(spec.commandLine().getOut(), json, id, job, due, context.clock().instant());
      LiveNodes nodes = new LiveNodes(store, config.node().lease());
      nodes.warnIfNone(context.clock().instant(), spec.commandLine().getErr());
      return await ? RunOutcome.await(runs, id, waitLimit, nodes, context.clock(),
          spec.commandLine().getOut(), spec.commandLine().getErr()) : ExitCodes.OK;
    }
  }
}
