package io.cronbeat.cli;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.timing.CronSchedule;
import io.cronbeat.timing.Schedule;
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

  @Option(names = "--json", description = "Print the description, daylight-saving class and fire times as JSON.")
  boolean json;

  ExplainCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    CronbeatConfig config = options.config(context);
    ZoneId zoneId = zone == null ? config.timezone() : Zones.parse(zone);
    Schedule schedule = new ScheduleParser(config.cronDialect()).parse(expression, Dialects.option(dialect), zoneId, seed);
    PrintWriter out = spec.commandLine().getOut();
    String asCron = schedule instanceof CronSchedule cron && !cron.expression().equals(expression.trim()) ? cron.expression() : null;
    String daylightSaving = schedule instanceof CronSchedule cron ? (cron.fixedTime() ? "fixed-time" : "wildcard") : null;
    List<Instant> next = schedule.next(context.clock().instant(), SHOWN);
    if (json) {
      out.println(Json.of(new ScheduleView(null, expression.trim(), schedule.describe(), schedule.subMinute().orElse(null),
          asCron, daylightSaving, zoneId.getId(), next)));
      return ExitCodes.OK;
    }
    out.println(schedule.describe());
    schedule.subMinute().ifPresent(often -> out.println("note: " + often));
    if (asCron != null) {
      out.println("as cron: " + asCron);
    }
    if (daylightSaving != null) {
      out.println("daylight saving: " + (daylightSaving.equals("fixed-time")
          ? "fixed-time (a time skipped by spring-forward runs at the end of the gap; a repeated hour runs once)"
          : "wildcard (follows the wall clock: nothing in a skipped hour, both passes of a repeated hour)"));
    }
    out.println("next " + SHOWN + " (" + zoneId + "):");
    next.forEach(time -> out.println("  " + TimeFormat.show(time, zoneId)));
    return ExitCodes.OK;
  }
}
