package io.cronbeat.timing;

import io.cronbeat.text.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code @every 15m}: fires at whole multiples of the period since the Unix epoch, so a
 * restart (or another node) computes the same instants and nothing drifts.
 */
public record EverySchedule(Duration period) implements Schedule {

  public EverySchedule {
    if (period.isNegative() || period.isZero() || period.getNano() != 0) {
      throw new IllegalArgumentException("period must be a positive whole number of seconds");
    }
  }

  @Override
  public Optional<Instant> nextAfter(Instant instant) {
    long step = period.getSeconds();
    long periods = Math.floorDiv(instant.getEpochSecond(), step) + 1;
    return Optional.of(Instant.ofEpochSecond(periods * step));
  }

  @Override
  public Optional<String> subMinute() {
    long seconds = period.getSeconds();
    return seconds >= 60 ? Optional.empty()
        : Optional.of(seconds == 1 ? "fires every second" : "fires every " + seconds + " seconds");
  }

  @Override
  public String describe() {
    return "every " + DurationText.format(period) + " (counted from 1970-01-01T00:00Z)";
  }
}
