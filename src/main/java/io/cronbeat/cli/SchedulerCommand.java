package io.cronbeat.cli;

import picocli.CommandLine.Command;

/**
 * {@code scheduler} with every subcommand, in the order its help lists them: what {@code scheduler
 * --help}, the man pages and the shell completion (pom.xml) show. Its name, options and footer
 * are {@link SchedulerRoot}'s.
 */
@Command(subcommands = {RunCommand.class, ValidateCommand.class, NextCommand.class, ExplainCommand.class, TriggerCommand.class,
    SubmitCommand.class, PlanCommand.class, ListCommand.class, GraphCommand.class, HistoryCommand.class, LogsCommand.class,
    PauseCommand.class, ResumeCommand.class, StatusCommand.class, CancelCommand.class, ImportCrontabCommand.class,
    MigrateCommand.class, TokenCommand.class, VersionCommand.class})
public class SchedulerCommand extends SchedulerRoot {}
