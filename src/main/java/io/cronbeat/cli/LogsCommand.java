package io.cronbeat.cli;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.dispatch.RunService;
import io.cronbeat.run.Attempt;
import io.cronbeat.run.Run;
import io.cronbeat.store.Store;
import io.cronbeat.view.AttemptView;
import io.cronbeat.view.OutputView;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scheduler logs}: the captured output of a run's attempt. */
@Command(name = "logs", mixinStandardHelpOptions = true,
    description = {"Print the captured output of a run's attempt.",
        "The last attempt unless --attempt.",
        "On a machine that cannot read the node's log file, the last lines kept in the store are printed."})
class LogsCommand implements Callable<Integer> {

  private final CliContext context;

  @Mixin CommonOptions options;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "RUN", description = "The run id (see bin/scheduler history).")
  long runId;

  @Option(names = "--attempt", paramLabel = "N", description = "Which attempt (default: the last).")
  Integer attempt;

  @Option(names = {"-f", "--follow"}, description = "Keep printing the output of a running attempt until it ends.")
  boolean follow;

  @Option(names = "--json", description = "Print the run, the attempt (node, times, outcome, exit code, reason) and its"
      + " output as JSON.")
  boolean json;

  LogsCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (json && follow) {
      throw new ParameterException(spec.commandLine(), "--json prints the output as it is now; drop --follow, or --json");
    }
    CronbeatConfig config = options.config(context);
    PrintWriter out = spec.commandLine().getOut();
    try (Store store = options.store(context, config)) {
      RunService runs = RunService.of(store, context.clock(), config.limits().catchUpMaxRuns());
      Optional<Run> run = runs.find(runId);
      if (run.isEmpty()) {
        spec.commandLine().getErr().println("error: no run " + runId + "\n  hint: bin/scheduler history lists the runs");
        return ExitCodes.INVALID;
      }
      List<Attempt> attempts = runs.attempts(runId);
      if (attempts.isEmpty() && json) {
        out.println(Json.of(new OutputView(runId, run.get().job(), run.get().state().name(), null, "")));
        return ExitCodes.OK;
      }
      if (attempts.isEmpty()) {
        spec.commandLine().getErr().println("run " + runId + " has no attempt yet (" + run.get().state() + ")");
        return ExitCodes.OK;
      }
      if (attempt != null && attempts.stream().noneMatch(a -> a.attempt() == attempt)) {
        spec.commandLine().getErr().println("error: run " + runId + " has no attempt " + attempt
            + "\n  hint: it has attempts 1 to " + attempts.size());
        return ExitCodes.INVALID;
      }
      Attempt chosen = attempt == null ? attempts.get(attempts.size() - 1) : attempts.get(attempt - 1);
      if (follow && chosen.finishedAt() == null && chosen.logPath() != null) {
        follow(runs, chosen, out);
        return ExitCodes.OK;
      }
      String output = runs.output(runId, Optional.of(chosen.attempt())).orElse("");
      if (json) {
        out.println(Json.of(new OutputView(runId, run.get().job(), run.get().state().name(), AttemptView.of(chosen), output)));
        return ExitCodes.OK;
      }
      out.print(output);
      out.flush();
      if (chosen.finishedAt() != null && chosen.reason() != null) {
        // The output cannot say why an attempt never started or was stopped: the reason can.
        spec.commandLine().getErr().println("run " + runId + " attempt " + chosen.attempt() + " " + chosen.outcome()
            + ": " + chosen.reason());
      }
      return neverStarted(chosen, output) ? ExitCodes.FAILURE : ExitCodes.OK;
    }
  }

  /** An attempt that ended without a process: there is no output to show, only the reason. */
  private static boolean neverStarted(Attempt attempt, String output) {
    return attempt.finishedAt() != null && attempt.exitCode() == null && output.isEmpty() && attempt.reason() != null
        && attempt.reason().startsWith("cannot start");
  }

  /** Prints the log as it grows, until the attempt has ended and everything is printed. */
  private void follow(RunService runs, Attempt chosen, PrintWriter out) throws IOException, InterruptedException {
    Path log = Path.of(chosen.logPath());
    long printed = 0;
    while (true) {
      boolean ended = runs.attempts(runId).stream()
          .filter(a -> a.attempt() == chosen.attempt()).anyMatch(a -> a.finishedAt() != null);
      if (Files.exists(log)) {
        try (InputStream in = Files.newInputStream(log)) {
          in.skipNBytes(Math.min(printed, Files.size(log)));
          byte[] more = in.readAllBytes();
          out.print(new String(more, StandardCharsets.UTF_8));
          out.flush();
          printed += more.length;
        }
      }
      if (ended) {
        return;
      }
      Thread.sleep(250);
    }
  }
}
