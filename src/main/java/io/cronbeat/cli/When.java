package io.cronbeat.cli;

import io.cronbeat.timing.DurationText;
import io.cronbeat.timing.ScheduleException;
import java.time.Instant;
import picocli.CommandLine.Option;

/** {@code --in DURATION | --at INSTANT}: when a queued run becomes due. */
class When {

  @Option(names = "--in", paramLabel = "DURATION", description = "Run after this long, e.g. 10m or 1h30m.")
  String in;

  @Option(names = "--at", paramLabel = "INSTANT", description = "Run at this ISO-8601 time with offset, e.g. 2026-12-01T02:00:00+01:00.")
  String at;

  Instant due(Instant now) {
    if (in != null && at != null) {
      throw new ScheduleException("give --in or --at, not both", "--in 10m runs ten minutes from now; --at takes a time");
    }
    if (in != null) {
      return now.plus(DurationText.parse(in).orElseThrow(() ->
          new ScheduleException("--in '" + in + "' is not a duration", DurationText.HINT)));
    }
    if (at != null) {
      return TimeFormat.parse(at).orElseThrow(() ->
          new ScheduleException("--at '" + at + "' is not an ISO-8601 time with offset", TimeFormat.FROM_HINT));
    }
    return now;
  }
}
