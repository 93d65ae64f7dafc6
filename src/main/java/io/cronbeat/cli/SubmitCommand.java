package io.cronbeat.cli;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.dispatch.ManualRuns;
import io.cronbeat.store.JobSpec;
import io.cronbeat.store.RunKind;
import io.cronbeat.store.Store;
import io.cronbeat.timing.DurationText;
import io.cronbeat.timing.ScheduleException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
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
    footer = {"%nExample: scheduler submit --name reindex --in 10m --retries 2 -- ./reindex.sh --all"})
class SubmitCommand implements Callable<Integer> {

  private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
  /** What only a shell makes sense of: blanks between words, redirections, pipes, variables, globs. */
  private static final java.util.regex.Pattern SHELL_LINE = java.util.regex.Pattern.compile("[\\s|&;<>()$`*?~\"']");

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
    if (!NAME.matcher(name).matches()) {
      throw new ScheduleException("--name '" + name + "' is not allowed",
          "use lowercase letters, digits, '.', '_' and '-', starting with a letter or digit");
    }
    if (retries < 0 || retries > 99) {
      throw new ScheduleException("--retries must be from 0 to 99, not " + retries, "write e.g. --retries 3");
    }
    warnIfAShellLine(spec.commandLine().getErr());
    Duration wait = duration("--backoff", backoff);
    Duration limit = timeout == null ? null : duration("--timeout", timeout);
    CronbeatConfig config = options.config(context);
    if (waitTimeout != null && !await) {
      throw new ScheduleException("--wait-timeout goes with --wait", "add --wait, or leave out --wait-timeout");
    }
    Optional<Duration> waitLimit = RunOutcome.limit(waitTimeout);
    Instant due = when.due(context.clock().instant(), spec.commandLine().getErr());
    try (Store store = options.store(context, config)) {
      ManualRuns runs = new ManualRuns(store, context.clock());
      long id = runs.queue(JobSpec.adHoc(name, command, retries + 1, wait, limit), RunKind.SUBMITTED, due);
      Queued.print(spec.commandLine().getOut(), json, id, name, due, context.clock().instant());
      LiveNodes nodes = new LiveNodes(store, config.node().lease());
      nodes.warnIfNone(context.clock().instant(), spec.commandLine().getErr());
      return await ? RunOutcome.await(runs, id, waitLimit, nodes, context.clock(),
          spec.commandLine().getOut(), spec.commandLine().getErr()) : ExitCodes.OK;
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
    err.println("  hint: to run it through a shell, write: scheduler submit -- sh -c '" + line.replace("'", "'\\''") + "'");
  }

  private static Duration duration(String option, String text) {
    return DurationText.parse(text).filter(d -> !d.isZero())
        .orElseThrow(() -> new ScheduleException(option + " '" + text + "' is not a duration", DurationText.HINT));
  }
}
