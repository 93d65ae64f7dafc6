package io.cronbeat.view;

import java.time.Instant;
import java.util.List;

/**
 * A schedule and its coming fire times, as {@code scheduler next --json} and {@code explain --json}
 * show it; the names are {@link JobView}'s.
 *
 * @param job the job it belongs to, or null for an expression given on the command line
 * @param schedule as written, or null for a job that only runs when triggered
 * @param description the schedule in words, or null (next leaves it out)
 * @param often how often it fires when that is more than once a minute, else null
 * @param asCron the cron expression a macro stands for, or null
 * @param daylightSaving {@code fixed-time} or {@code wildcard} for a cron expression, else null
 * @param zone the zone it is read in, or null
 * @param nextFireTimes the fire times asked for; fewer when the schedule stops firing
 */
public record ScheduleView(String job, String schedule, String description, String often, String asCron,
    String daylightSaving, String zone, List<Instant> nextFireTimes) {

  public ScheduleView {
    nextFireTimes = List.copyOf(nextFireTimes);
  }
}
