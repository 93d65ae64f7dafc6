package io.cronbeat.cli;

import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code scheduler}: the top-level command; its options are inherited by every subcommand. */
@Command(
    name = "scheduler",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "cronbeat: recurring jobs declared in YAML, run durably, once per firing, anywhere in a cluster.",
    subcommands = {RunCommand.class, ValidateCommand.class, NextCommand.class, ExplainCommand.class, TriggerCommand.class,
        SubmitCommand.class, PlanCommand.class, ListCommand.class, GraphCommand.class, HistoryCommand.class, LogsCommand.class, PauseCommand.class,
        ResumeCommand.class, StatusCommand.class, CancelCommand.class, ImportCrontabCommand.class, MigrateCommand.class,
        TokenCommand.class, VersionCommand.class},
    footerHeading = "%nExit codes:%n",
    footer = {"  0  success", "  1  runtime failure (or, with --wait, the job's own exit code)",
        "  2  bad usage or invalid input", "  3  plan: the store would change"})
public class SchedulerCommand {

  /** Read by logback.xml, which names its appenders after the formats. */
  static final String LOG_FORMAT_PROPERTY = "cronbeat.log.format";

  @Spec CommandSpec spec;

  /**
   * Set while the command line is parsed, before the first log line initialises Logback, which
   * then reads the property. A process has one log format, so a system property is its place.
   */
  @Option(names = "--log-format", paramLabel = "text|json", scope = ScopeType.INHERIT,
      defaultValue = "${env:CRONBEAT_LOG_FORMAT:-text}",
      description = "Log lines on stderr as text or as JSON, one event a line (default: $CRONBEAT_LOG_FORMAT, else text).")
  void logFormat(String format) {
    String chosen = format.strip().toLowerCase(Locale.ROOT);
    if (!chosen.equals("text") && !chosen.equals("json")) {
      throw new ParameterException(spec.commandLine(),
          "Invalid value for option '--log-format' (or CRONBEAT_LOG_FORMAT): '" + format + "' is not text or json");
    }
    System.setProperty(LOG_FORMAT_PROPERTY, chosen);
  }
}
