package io.cronbeat.timing;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.BitSet;
import java.util.Optional;

/**
 * A cron expression compiled to the values each field allows, and the search for the next
 * matching wall-clock time. Time zones and daylight saving are {@link CronSchedule}'s job.
 *
 * @param years allowed years, or null for every year
 */
record CronFields(BitSet seconds, BitSet minutes, BitSet hours, BitSet months, BitSet years, DayRule days) {

  /** How far ahead to look before concluding that an expression never fires again. */
  static final int SEARCH_YEARS = 400;

  /** The first wall-clock time at or after {@code from} that the expression matches. */
  Optional<LocalDateTime> nextOrSame(LocalDateTime from) {
    LocalDateTime start = from.getNano() == 0 ? from : from.withNano(0).plusSeconds(1);
    LocalDate date = start.toLocalDate();
    LocalTime time = start.toLocalTime();
    int lastYear = from.getYear() + SEARCH_YEARS;
    while (date.getYear() <= lastYear) {
      if (years != null && !years.get(date.getYear())) {
        int nextYear = years.nextSetBit(date.getYear() + 1);
        if (nextYear < 0) {
          return Optional.empty();
        }
        date = LocalDate.of(nextYear, 1, 1);
        time = LocalTime.MIDNIGHT;
        continue;
      }
      if (!months.get(date.getMonthValue())) {
        date = date.withDayOfMonth(1).plusMonths(1);
        time = LocalTime.MIDNIGHT;
        continue;
      }
      LocalDate day = days.firstMatchFrom(date);
      if (day == null) {
        date = date.withDayOfMonth(1).plusMonths(1);
        time = LocalTime.MIDNIGHT;
        continue;
      }
      if (!day.equals(date)) {
        time = LocalTime.MIDNIGHT;
      }
      LocalTime at = firstTimeFrom(time);
      if (at != null) {
        return Optional.of(day.atTime(at));
      }
      date = day.plusDays(1);
      time = LocalTime.MIDNIGHT;
    }
    return Optional.empty();
  }

  /** The first allowed time of day at or after {@code from}, or null when none is left today. */
  private LocalTime firstTimeFrom(LocalTime from) {
    int hour = hours.nextSetBit(from.getHour());
    if (hour < 0) {
      return null;
    }
    if (hour == from.getHour()) {
      int minute = minutes.nextSetBit(from.getMinute());
      if (minute == from.getMinute()) {
        int second = seconds.nextSetBit(from.getSecond());
        if (second >= 0) {
          return LocalTime.of(hour, minute, second);
        }
        minute = minutes.nextSetBit(minute + 1);
      }
      if (minute >= 0) {
        return LocalTime.of(hour, minute, seconds.nextSetBit(0));
      }
      hour = hours.nextSetBit(hour + 1);
      if (hour < 0) {
        return null;
      }
    }
    return LocalTime.of(hour, minutes.nextSetBit(0), seconds.nextSetBit(0));
  }
}
