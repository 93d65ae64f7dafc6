package io.cronbeat.timing;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.BitSet;
import java.util.Set;

/**
 * Which dates a cron expression allows, from its day-of-month and day-of-week fields.
 *
 * <p>Vixie cron / cronie rule: when both fields are restricted a date matches if EITHER
 * does; when either field begins with {@code *} (or is {@code ?}) both must match, which
 * is how {@code 0 9 *}{@code /2 * 5} means "odd days that are Fridays".
 *
 * @param daysOfMonth plain day-of-month values, 1-31
 * @param lastDayOffsets {@code L} (0) and {@code L-n} (n)
 * @param nearestWeekdays {@code 15W}: the weekday nearest the 15th, in the same month
 * @param lastWeekday {@code LW}
 * @param daysOfWeek plain day-of-week values, 0 = Sunday .. 6 = Saturday
 * @param lastDaysOfWeek {@code 5L}: the last such weekday of the month (0 = Sunday)
 * @param nthDaysOfWeek {@code 2#3}: encoded as weekday * 10 + n (0 = Sunday)
 * @param eitherMatches true when both fields are restricted (OR), false for AND
 */
record DayRule(
    BitSet daysOfMonth,
    Set<Integer> lastDayOffsets,
    Set<Integer> nearestWeekdays,
    boolean lastWeekday,
    BitSet daysOfWeek,
    Set<Integer> lastDaysOfWeek,
    Set<Integer> nthDaysOfWeek,
    boolean eitherMatches) {

  boolean matches(LocalDate date) {
    boolean dom = dayOfMonthMatches(date);
    if (eitherMatches) {
      return dom || dayOfWeekMatches(date);
    }
    return dom && dayOfWeekMatches(date);
  }

  private boolean dayOfMonthMatches(LocalDate date) {
    int day = date.getDayOfMonth();
    if (daysOfMonth.get(day)) {
      return true;
    }
    int length = date.lengthOfMonth();
    if (lastDayOffsets.contains(length - day)) {
      return true;
    }
    if (lastWeekday && day == nearestWeekday(date, length)) {
      return true;
    }
    for (int target : nearestWeekdays) {
      if (target <= length && day == nearestWeekday(date, target)) {
        return true;
      }
    }
    return false;
  }

  private boolean dayOfWeekMatches(LocalDate date) {
    int weekday = date.getDayOfWeek().getValue() % 7;
    if (daysOfWeek.get(weekday)) {
      return true;
    }
    if (lastDaysOfWeek.contains(weekday) && date.plusWeeks(1).getMonth() != date.getMonth()) {
      return true;
    }
    int nth = (date.getDayOfMonth() - 1) / 7 + 1;
    return nthDaysOfWeek.contains(weekday * 10 + nth);
  }

  /** Quartz's {@code W}: the weekday nearest {@code target}, never leaving the month. */
  private static int nearestWeekday(LocalDate anyDayOfMonth, int target) {
    LocalDate day = anyDayOfMonth.withDayOfMonth(target);
    DayOfWeek weekday = day.getDayOfWeek();
    if (weekday == DayOfWeek.SATURDAY) {
      return target == 1 ? 3 : target - 1;
    }
    if (weekday == DayOfWeek.SUNDAY) {
      return target == day.lengthOfMonth() ? target - 2 : target + 1;
    }
    return target;
  }

  /** The first allowed date in the month of {@code date}, on or after it, or null. */
  LocalDate firstMatchFrom(LocalDate date) {
    LocalDate end = date.with(TemporalAdjusters.lastDayOfMonth());
    for (LocalDate day = date; !day.isAfter(end); day = day.plusDays(1)) {
      if (matches(day)) {
        return day;
      }
    }
    return null;
  }
}
