package io.cronbeat.cli;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.dispatch.RequestForm;
import io.cronbeat.dispatch.RunRequests;
import io.cronbeat.dispatch.RunService;
import io.cronbeat.store.RunQueue;
import io.cronbeat.store.Store;
import io.cronbeat.timing.ScheduleException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scheduler submit}: a one-off delayed command, cronbeat's {@code .delay()}. */
@Command(name = "submit", mixinStandardHelpOptions = true,
    description = {"Queue a one-off command, now or later.",
        "Durable, retried, visible in history like any run.",
        "The command and its arguments are passed as an argument vector, never through a shell."},
    footer = {"%nExample: bin/scheduler submit --name reindex --in 10m --retries 2 -- ./reindex.sh --all"})
class SubmitCommand implements Callable<Integer> {

  /** What only a shell makes sense of: blanks between words, redirections, pipes, variables, globs. */
  private static final Pattern SHELL_LINE = Pattern.compile("[\\s|&;<>()$`*?~\"']");

  private final CliContext context;

  @Mixin CommonOptions options;

  @Mixin When when;

  @Spec CommandSpec spec;

  @Option(names = "--name", paramLabel = "NAME", defaultValue = "adhoc", description = "Name shown in history (default: ${DEFAULT-VALUE}).")
  String name;

  @Option(names = "--retries", paramLabel = "N", defaultValue = "0", description = "Tries after the first (default: ${DEFAULT-VALUE}).")
  int retries;

  @Option(names = "--backoff", paramLabel = "DURATION", defaultValue = "30s", description = "First wait before a retry (default: ${DEFAULT-VALUE}).")
  String backoff;

  @Option(names = "--timeout", paramLabel = "DURATION", description = "How long an attempt may run (default: no limit).")
  String timeout;

  @Option(names = "--wait", description = "Follow the run to its end, print its output, exit with its exit code.")
  boolean await;

  @Option(names = "--wait-timeout", paramLabel = "DURATION",
      description = "With --wait: stop waiting after this long and exit 1; the run stays queued (default: no limit).")
  String waitTimeout;

  @Option(names = "--json", description = "Print the run as JSON.")
  boolean json;

  @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "The program and its arguments (after --).")
  List<String> command;

  SubmitCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws InterruptedException {
    RunRequests.Submit request = new RunRequests.Submit(command, name, when.in, when.at, retries, backoff, timeout, Map.of());
    // Checked before the store is opened: a request it refuses touches nothing.
    RunRequests.submit(request, RequestForm.CLI);
    if (waitTimeout != null && !await) {
      throw new ScheduleException("--wait-timeout goes with --wait", "add --wait, or leave out --wait-timeout");
    }
    Optional<Duration> waitLimit = RunOutcome.limit(waitTimeout);
    Instant now = context.clock().instant();
    when.due(now, spec.commandLine().getErr());
    warnIfAShellLine(spec.commandLine().getErr());
    CronbeatConfig config = options.config(context);
    try (Store store = options.store(context, config)) {
      RunQueue.Outcome queued = RunService.of(store, context.clock(), config.limits().catchUpMaxRuns())
          .submit(request, RunService.Asking.CLI);
      long id = ((RunQueue.Outcome.Queued) queued).runId(); // the CLI sends no key and has no limit
      return Queued.report(spec.commandLine(), json, store, config, context.clock(), id, await, waitLimit);
    }
  }

  /**
   * {@code submit -- 'echo hi > /tmp/x'} is one program named "echo hi > /tmp/x": it cannot
   * start. Said before it is queued, with the way to write it.
   */
  private void warnIfAShellLine(PrintWriter err) {
    if (command.size() != 1 || !SHELL_LINE.matcher(command.get(0)).find()) {
      return;
    }
    String line = command.get(0);
    err.println("warning: the command is one argument with spaces or shell characters, and submit runs no shell:"
        + " it starts a program named '" + line + "'");
    err.println("  hint: to run it through a shell, write: bin/scheduler submit -- sh -c '" + line.replace("'", "'\\''") + "'");
  }
}
