package io.cronbeat.cli;

import io.cronbeat.job.JobLoader;
import io.cronbeat.job.JobSet;
import io.cronbeat.yaml.Diagnostic;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every command takes, and loading the job files they name. */
public class CommonOptions {

  @Option(names = "--schedules", paramLabel = "DIR",
      description = "Directory of job files (default: $CRONBEAT_SCHEDULES, else schedules/).")
  Path schedules;

  @Option(names = "--verbose", description = "Show stack traces of unexpected errors.")
  boolean verbose;

  /** The jobs of {@code paths}, or of the schedules directory when there are none. */
  JobSet load(CliContext context, List<Path> paths) {
    List<Path> from = paths == null || paths.isEmpty() ? List.of(context.schedules(schedules)) : paths;
    return new JobLoader(context.defaultZone(), context.clock()).load(from);
  }

  /** Prints every diagnostic and a count; returns the exit code for invalid input. */
  static int report(JobSet set, PrintWriter err) {
    for (Diagnostic diagnostic : set.diagnostics()) {
      err.println(diagnostic.format());
    }
    int count = set.diagnostics().size();
    err.println(count + (count == 1 ? " error" : " errors") + " in " + set.files() + (set.files() == 1 ? " file" : " files"));
    return ExitCodes.INVALID;
  }
}
