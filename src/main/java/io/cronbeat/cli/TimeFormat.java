package io.cronbeat.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** How the CLI shows and reads instants: ISO-8601 with the offset in force, seconds always shown. */
final class TimeFormat {

  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");
  static final String FROM_HINT = "write an ISO-8601 time with offset, e.g. 2026-03-08T01:30:00-05:00 or 2026-03-08T06:30:00Z";

  private TimeFormat() {}

  static String show(Instant instant, ZoneId zone) {
    return SHOWN.format(instant.atZone(zone));
  }

  static Optional<Instant> parse(String text) {
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
