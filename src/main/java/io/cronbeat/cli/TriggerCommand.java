package io.cronbeat.cli;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.dispatch.RequestForm;
import io.cronbeat.dispatch.RunRequests;
import io.cronbeat.dispatch.RunService;
import io.cronbeat.job.JobDefinition;
import io.cronbeat.job.JobSet;
import io.cronbeat.run.JobSpec;
import io.cronbeat.store.RunQueue;
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
    footer = {"%nExample: bin/scheduler trigger nightly-backup --in 10m --env TARGET=/mnt/b -- --full"})
class TriggerCommand implements Callable<Integer> {

  private final CliContext context;

  @Mixin JobOptions options;

  @Mixin When when;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "JOB", description = "A job declared in the schedules directory.")
  String job;

  @Parameters(index = "1..*", paramLabel = "ARG", description = "Arguments appended to the job's command (after --).")
  List<String> arguments = List.of();

  @Option(names = "--env", paramLabel = "K=V", description = "An environment variable for this run only (repeatable).")
  Map<String, String> env = Map.of();

  @Option(names = "--with-downstream", description = {"When this run ends, queue the jobs that run after it (after:), as a",
      "firing's end would. Without it, a manual run leads on to nothing."})
  boolean withDownstream;

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
    RunRequests.Trigger request = new RunRequests.Trigger(when.in, when.at, env, arguments, withDownstream);
    // Checked before the store is opened: a request it refuses touches nothing.
    RunRequests.trigger(JobSpec.of(definition), request, RequestForm.CLI);
    if (waitTimeout != null && !await) {
      throw new ScheduleException("--wait-timeout goes with --wait", "add --wait, or leave out --wait-timeout");
    }
    Optional<Duration> waitLimit = RunOutcome.limit(waitTimeout);
    when.due(context.clock().instant(), spec.commandLine().getErr());
    try (Store store = options.store(context, config)) {
      RunQueue.Outcome queued = RunService.of(store, context.clock(), config.limits().catchUpMaxRuns())
          .trigger(JobSpec.of(definition), request, RunService.Asking.CLI);
      long id = ((RunQueue.Outcome.Queued) queued).runId(); // the CLI sends no key and has no limit
      return Queued.report(spec.commandLine(), json, store, config, context.clock(), id, await, waitLimit);
    }
  }
}
