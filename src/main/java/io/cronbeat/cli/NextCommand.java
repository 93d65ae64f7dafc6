package io.cronbeat.cli;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.job.JobDefinition;
import io.cronbeat.job.JobSet;
import io.cronbeat.timing.Schedule;
import io.cronbeat.timing.ScheduleException;
import io.cronbeat.timing.ScheduleParser;
import io.cronbeat.timing.Zones;
import io.cronbeat.view.ScheduleView;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scheduler next}: the coming fire times of a job or of an expression. */
@Command(name = "next", mixinStandardHelpOptions = true,
    description = {"Print the next fire times of a job or of a cron expression.",
        "One per line, ISO-8601 with the offset in force: the times the scheduler fires."})
class NextCommand implements Callable<Integer> {

  private final CliContext context;

  @Mixin JobOptions options;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "JOB", arity = "0..1", description = "A job declared in the schedules directory.")
  String job;

  @Option(names = "--cron", paramLabel = "EXPR", description = "An expression instead of a job: cron, @daily, @every 15m.")
  String cron;

  @Option(names = "--tz", paramLabel = "ZONE", description = "Zone of --cron (default: the configured timezone, else the system zone).")
  String zone;

  @Option(names = "--dialect", paramLabel = "DIALECT",
      description = "How --cron numbers days of the week in 6/7 fields: unix, quartz (1 = Sunday) or spring (1 = Monday)"
          + " (default: the configuration's cron.dialect).")
  String dialect;

  @Option(names = "--name", paramLabel = "NAME", defaultValue = "",
      description = "Job name that H in --cron hashes from (default: none).")
  String seed;

  @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "5", description = "How many times (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--json", description = "Print the schedule and its fire times as JSON.")
  boolean json;

  @Option(names = "--from", paramLabel = "INSTANT",
      description = "Start strictly after this ISO-8601 time with offset (default: now).")
  String from;

  NextCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if ((job == null) == (cron == null)) {
      throw new ParameterException(spec.commandLine(), "give either a JOB or --cron EXPR");
    }
    if (count < 1 || count > 10_000) {
      throw new ParameterException(spec.commandLine(), "-n/--limit must be from 1 to 10000, not " + count);
    }
    if (zone != null && job != null) {
      throw new ParameterException(spec.commandLine(), "--tz goes with --cron; a job's zone is set in its file");
    }
    if (!seed.isEmpty() && job != null) {
      throw new ParameterException(spec.commandLine(), "--name goes with --cron; a job's H hashes from the job's own name");
    }
    if (dialect != null && job != null) {
      throw new ParameterException(spec.commandLine(), "--dialect goes with --cron; a job's dialect is set in its file");
    }
    Instant start = from == null ? context.clock().instant() : TimeFormat.parse(from).orElseThrow(() ->
        new ScheduleException("--from '" + from + "' is not an ISO-8601 time with offset", TimeFormat.FROM_HINT));
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CronbeatConfig config = options.config(context);
    Schedule schedule;
    ZoneId shownIn;
    String text = cron;
    if (cron != null) {
      shownIn = zone == null ? config.timezone() : Zones.parse(zone);
      schedule = new ScheduleParser(config.cronDialect()).parse(cron, Dialects.option(dialect), shownIn, seed);
    } else {
      JobSet set = options.load(context, config, List.of());
      if (!set.valid()) {
        return CommonOptions.report(set, err);
      }
      JobDefinition definition = Jobs.find(set, job, config, err);
      if (definition == null) {
        return ExitCodes.INVALID;
      }
      if (definition.when().isEmpty()) {
        if (json) {
          out.println(Json.of(new ScheduleView(job, null, null, null, null, null, null, List.of())));
          return ExitCodes.OK;
        }
        out.println("job '" + job + "' has no schedule: it runs only when triggered");
        return ExitCodes.OK;
      }
      if (!definition.enabled()) {
        err.println("note: job '" + job + "' is disabled (enabled: false); these are the times it would fire");
      }
      schedule = definition.when().get().schedule();
      shownIn = definition.when().get().zone();
      text = definition.when().get().text();
    }
    List<Instant> times = schedule.next(start, count);
    if (json) {
      out.println(Json.of(new ScheduleView(job, text, null, schedule.subMinute().orElse(null), null, null,
          shownIn.getId(), times)));
    } else {
      times.forEach(time -> out.println(TimeFormat.show(time, shownIn)));
    }
    if (times.size() < count) {
      err.println("note: no further fire times after " + (times.isEmpty() ? TimeFormat.show(start, shownIn)
          : TimeFormat.show(times.get(times.size() - 1), shownIn)));
    }
    return ExitCodes.OK;
  }
}
