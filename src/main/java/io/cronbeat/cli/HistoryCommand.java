package io.cronbeat.cli;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.dispatch.RunViews;
import io.cronbeat.run.Attempt;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunState;
import io.cronbeat.store.NotificationTable;
import io.cronbeat.store.Store;
import io.cronbeat.text.DurationText;
import io.cronbeat.timing.ScheduleException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scheduler history}: runs, newest first, with their attempts. */
@Command(name = "history", mixinStandardHelpOptions = true,
    description = {"Show runs, newest first.", "When they were due, how they ended, attempts, exit code, duration and node.",
        "REASON of a due run still queued says what it waits for: a node with its job's labels, or a slot in its"
            + " concurrency group."})
class HistoryCommand implements Callable<Integer> {

  private final CliContext context;

  @Mixin CommonOptions options;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "JOB", arity = "0..1", description = "Only this job's runs.")
  String job;

  @Option(names = "--state", paramLabel = "STATE", description = "Only runs in this state: ${COMPLETION-CANDIDATES}.")
  RunState state;

  @Option(names = "--since", paramLabel = "DURATION", description = "Only runs created this long ago or later, e.g. 1d.")
  String since;

  @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "20", description = "At most this many runs (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--json", description = "Print the runs and their attempts as JSON.")
  boolean json;

  HistoryCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (limit < 1 || limit > 100_000) {
      throw new ScheduleException("--limit must be from 1 to 100000, not " + limit, "write e.g. --limit 50");
    }
    Instant now = context.clock().instant();
    Instant from = since == null ? null : now.minus(DurationText.parse(since).orElseThrow(() ->
        new ScheduleException("--since '" + since + "' is not a duration", DurationText.HINT)));
    CronbeatConfig config = options.config(context);
    PrintWriter out = spec.commandLine().getOut();
    try (Store store = options.store(context, config)) {
      List<Run> runs = store.history().query(job, state, from, limit);
      RunViews read = RunViews.of(store, context.clock(), config);
      if (json) {
        out.println(Json.of(read.withAttempts(runs)));
        return ExitCodes.OK;
      }
      Map<Long, String> waiting = read.waiting(runs);
      Table table = new Table(new int[] {8, 20, 24, 20, 10, 8, 5, 9, 30, 100},
          "RUN", "JOB", "KIND", "DUE", "STATE", "ATTEMPTS", "EXIT", "DURATION", "NODE", "REASON");
      for (Run run : runs) {
        Instant due = run.scheduledAt() != null ? run.scheduledAt() : run.dueAt();
        String duration = run.startedAt() == null || run.finishedAt() == null ? "-"
            : DurationText.format(Duration.ofSeconds(Math.max(0, Duration.between(run.startedAt(), run.finishedAt()).getSeconds())));
        List<Attempt> attempts = store.history().attempts(run.id());
        String node = attempts.isEmpty() ? "-" : attempts.get(attempts.size() - 1).nodeId();
        // A chained run names the upstream run that queued it: history then reads as the chain went.
        String kind = run.kind().name().toLowerCase(Locale.ROOT) + (run.upstreamRunId() == null ? ""
            : " after " + run.upstreamRunId());
        table.add(Long.toString(run.id()), run.job(), kind,
            TimeFormat.show(due, ZoneOffset.UTC), run.state().name(), run.attempts() + "/" + run.attemptLimit(),
            run.exitCode() == null ? "-" : run.exitCode().toString(), duration, node,
            waiting.getOrDefault(run.id(), reason(run, attempts)));
      }
      table.print(out);
      if (runs.isEmpty()) {
        spec.commandLine().getErr().println("no runs" + (job == null ? "" : " of " + job) + " match");
      }
    }
    return ExitCodes.OK;
  }

  /** Why a run did not succeed: its own reason, else its last attempt's ("cannot start: ..."). */
  private static String reason(Run run, List<Attempt> attempts) {
    if (run.state() == RunState.SUCCEEDED) {
      return "-";
    }
    String reason = run.reason() != null ? run.reason()
        : attempts.isEmpty() ? null : attempts.get(attempts.size() - 1).reason();
    return reason == null ? "-" : reason.replaceAll("\\s+", " ");
  }
}
