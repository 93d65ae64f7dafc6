package io.cronbeat.cli;

import io.cronbeat.CronbeatException;
import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.job.JobDefinition;
import io.cronbeat.job.JobSet;
import io.cronbeat.job.ShellSyntax;
import io.cronbeat.store.Database;
import io.cronbeat.store.Store;
import io.cronbeat.view.ValidationView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scheduler validate}: checks job files and reports every problem with its position. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = {"Check job files and report every problem with its position.",
        "Each problem is printed as FILE:LINE:COL: error: message, with a hint.",
        "Exit 0 when all are valid, 2 otherwise.",
        "With a store (a configured database, or the embedded one a node made), it also warns about a job whose"
            + " nodes: selector no registered node matches (exit 0: its runs would wait)."})
class ValidateCommand implements Callable<Integer> {

  private final CliContext context;

  @Mixin JobOptions options;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "PATH", arity = "0..*",
      description = "Job files or directories (default: the schedules directory).")
  List<Path> paths;

  @Option(names = "--json", description = "Print the result as JSON on stdout, valid or not: the jobs, or every error.")
  boolean json;

  ValidateCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    CronbeatConfig config = options.config(context);
    if ((paths == null || paths.isEmpty()) && !Files.isDirectory(config.schedules())) {
      // Run from another directory, a relative path would look somewhere unexpected: say where.
      spec.commandLine().getErr().println("error: no schedules directory at " + config.schedules().toAbsolutePath().normalize()
          + "\n  hint: point at the job files with --schedules DIR, CRONBEAT_SCHEDULES or 'schedules:' in the configuration"
          + " (--config FILE), or name them: bin/scheduler validate FILE...");
      return ExitCodes.INVALID;
    }
    JobSet set = options.load(context, config, paths, new ShellSyntax());
    if (json) {
      spec.commandLine().getOut().println(Json.of(view(set)));
      return set.valid() ? ExitCodes.OK : ExitCodes.INVALID;
    }
    if (!set.valid()) {
      return CommonOptions.report(set, spec.commandLine().getErr());
    }
    int jobs = set.jobs().size();
    // Firing within the minute is rarely meant: a crontab line with a stray field does it.
    List<String> often = set.jobs().stream()
        .flatMap(job -> job.when().flatMap(w -> w.schedule().subMinute()).map(text -> job.name() + " " + text).stream())
        .toList();
    spec.commandLine().getOut().println("OK: " + jobs + (jobs == 1 ? " job" : " jobs") + " in " + set.files()
        + (set.files() == 1 ? " file" : " files") + (often.isEmpty() ? "" : "; " + String.join(", ", often)));
    warnAboutSelectors(config, set);
    return ExitCodes.OK;
  }

  private static ValidationView view(JobSet set) {
    List<ValidationView.ValidJob> jobs = set.valid() ? set.jobs().stream().map(job -> new ValidationView.ValidJob(job.name(),
        job.source().file(), job.source().line(), job.when().map(JobDefinition.When::text).orElse(null),
        job.when().flatMap(w -> w.schedule().subMinute()).orElse(null))).toList() : List.of();
    return new ValidationView(set.valid(), set.files(), jobs, set.diagnostics());
  }

  /**
   * Selectors no registered node matches, when there is a store to ask: a configured database, or
   * the embedded file a node made. Validation does not depend on the store: one that cannot be
   * read is mentioned and passed over.
   */
  private void warnAboutSelectors(CronbeatConfig config, JobSet set) {
    if (set.jobs().stream().allMatch(job -> job.placement().nodes().any()) || Store.missingEmbedded(config).isPresent()) {
      return;
    }
    try (Store store = Store.open(config, context.clock(), Database.Schema.CHECK)) {
      UnmatchedSelectors.warnings(set.jobs(), store.nodes().running()).forEach(spec.commandLine().getErr()::println);
    } catch (CronbeatException e) {
      spec.commandLine().getErr().println("note: the nodes' labels were not checked: " + e.getMessage());
    }
  }
}
