package io.cronbeat.cli;

import io.cronbeat.text.DurationText;
import io.cronbeat.timing.ScheduleException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import picocli.CommandLine.Option;

/** {@code --in DURATION | --at INSTANT}: when a queued run becomes due (read by the run service's rules). */
class When {

  @Option(names = "--in", paramLabel = "DURATION", description = "Run after this long, e.g. 10m or 1h30m.")
  String in;

  @Option(names = "--at", paramLabel = "INSTANT", description = "Run at this ISO-8601 time with offset, e.g. 2026-12-01T02:00:00+01:00.")
  String at;

  /** How far in the past {@code --at} may be and still mean "now": the time it takes to type a command. */
  static final Duration PAST_TOLERANCE = Duration.ofSeconds(5);

  /** @param err where "in the past: queued for now" goes */
  Instant due(Instant now, PrintWriter err) {
    if (in != null && at != null) {
      throw new ScheduleException("give --in or --at, not both", "--in 10m runs ten minutes from now; --at takes a time");
    }
    if (in != null) {
      return now.plus(DurationText.parse(in).orElseThrow(() ->
          new ScheduleException("--in '" + in + "' is not a duration", DurationText.HINT)));
    }
    if (at != null) {
      Instant when = TimeFormat.parse(at).orElseThrow(() ->
          new ScheduleException("--at '" + at + "' is not an ISO-8601 time with offset", TimeFormat.FROM_HINT));
      if (when.isBefore(now.minus(PAST_TOLERANCE))) {
        throw new ScheduleException("--at '" + at + "' is " + DurationText.format(
            Duration.ofSeconds(Duration.between(when, now).getSeconds())) + " in the past",
            "give a time to come (now is " + TimeFormat.show(now, ZoneOffset.UTC) + "), or leave out --at to run it now");
      }
      if (when.isBefore(now)) {
        err.println("--at is in the past: queued for now");
        return now;
      }
      return when;
    }
    return now;
  }
}
