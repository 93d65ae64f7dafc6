package io.cronbeat.cli;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.job.JobLoader;
import io.cronbeat.job.JobSet;
import io.cronbeat.job.ShellCheck;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of a command that reads job files: the common ones and {@code --schedules}. Only
 * those commands offer it; on the others (which read the store) it would do nothing.
 */
public class JobOptions extends CommonOptions {

  @Option(names = "--schedules", paramLabel = "DIR",
      description = "Directory of job files (default: $CRONBEAT_SCHEDULES, else the configuration's, else schedules/).")
  Path schedules;

  @Override
  CronbeatConfig config(CliContext context) {
    CronbeatConfig loaded = super.config(context);
    return schedules == null ? loaded : loaded.withSchedules(schedules);
  }

  /** The jobs of {@code paths}, or of the schedules directory when there are none. */
  JobSet load(CliContext context, CronbeatConfig effective, List<Path> paths) {
    return load(context, effective, paths, ShellCheck.NONE);
  }

  /** @param shell checks string commands' syntax ({@code validate}) */
  JobSet load(CliContext context, CronbeatConfig effective, List<Path> paths, ShellCheck shell) {
    List<Path> from = paths == null || paths.isEmpty() ? List.of(effective.schedules()) : paths;
    return new JobLoader(effective.timezone(), effective.cronDialect(), context.clock(), shell).load(from);
  }
}
