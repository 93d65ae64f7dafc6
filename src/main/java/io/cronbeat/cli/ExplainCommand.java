package io.cronbeat.cli;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.timing.CronSchedule;
import io.cronbeat.timing.Schedule;
import io.cronbeat.timing.ScheduleParser;
import io.cronbeat.timing.Zones;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scheduler explain}: a schedule in plain English, with its next fire times. */
@Command(name = "explain", mixinStandardHelpOptions = true,
    description = "Describe a schedule in plain English and print its next 3 fire times.")
class ExplainCommand implements Callable<Integer> {

  private static final int SHOWN = 3;

  private final CliContext context;

  @Mixin CommonOptions options;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "EXPR", description = "A cron expression, a macro such as @daily, or @every 15m (quote it).")
  String expression;

  @Option(names = "--tz", paramLabel = "ZONE", description = "Time zone (default: the configured timezone, else the system zone).")
  String zone;

  @Option(names = "--dialect", paramLabel = "DIALECT",
      description = "How 6/7-field expressions number days of the week: unix, quartz (1 = Sunday) or spring (1 = Monday)"
          + " (default: the configuration's cron.dialect).")
  String dialect;

  @Option(names = "--name", paramLabel = "NAME", defaultValue = "", description = "Job name that H hashes from.")
  String seed;

  ExplainCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    CronbeatConfig config = options.config(context);
    ZoneId zoneId = zone == null ? config.timezone() : Zones.parse(zone);
    Schedule schedule = new ScheduleParser(config.cronDialect()).parse(expression, Dialects.option(dialect), zoneId, seed);
    PrintWriter out = spec.commandLine().getOut();
    out.println(schedule.describe());
    schedule.subMinute().ifPresent(often -> out.println("note: " + often));
    if (schedule instanceof CronSchedule cron && !cron.expression().equals(expression.trim())) {
      out.println("as cron: " + cron.expression());
    }
    if (schedule instanceof CronSchedule cron) {
      out.println("daylight saving: " + (cron.fixedTime()
          ? "fixed-time (a time skipped by spring-forward runs at the end of the gap; a repeated hour runs once)"
          : "wildcard (follows the wall clock: nothing in a skipped hour, both passes of a repeated hour)"));
    }
    out.println("next " + SHOWN + " (" + zoneId + "):");
    Instant now = context.clock().instant();
    for (Instant time : schedule.next(now, SHOWN)) {
      out.println("  " + TimeFormat.show(time, zoneId));
    }
    return ExitCodes.OK;
  }
}
