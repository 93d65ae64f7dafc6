package io.cronbeat.cli;

import picocli.CommandLine.Command;

/** {@code scheduler}: the top-level command; its options are inherited by every subcommand. */
@Command(
    name = "scheduler",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "cronbeat: recurring jobs declared in YAML, run durably, once per firing, anywhere in a cluster.",
    subcommands = {RunCommand.class, ValidateCommand.class, NextCommand.class, ExplainCommand.class, TriggerCommand.class,
        SubmitCommand.class, PlanCommand.class, ListCommand.class, HistoryCommand.class, LogsCommand.class, PauseCommand.class,
        ResumeCommand.class, StatusCommand.class, CancelCommand.class, ImportCrontabCommand.class, MigrateCommand.class,
        VersionCommand.class},
    footerHeading = "%nExit codes:%n",
    footer = {"  0  success", "  1  runtime failure (or, with --wait, the job's own exit code)",
        "  2  bad usage or invalid input", "  3  plan: the store would change"})
public class SchedulerCommand {}
