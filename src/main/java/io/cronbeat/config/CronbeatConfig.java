package io.cronbeat.config;

import java.nio.file.Path;
import java.time.ZoneId;

/**
 * The effective configuration of a node or a command: defaults, then {@code config/scheduler.yaml},
 * then {@code CRONBEAT_*} environment variables, then command-line options.
 *
 * @param schedules directory of job files
 * @param timezone zone of jobs that name none
 */
public record CronbeatConfig(Path schedules, ZoneId timezone) {

  public static final Path DEFAULT_SCHEDULES = Path.of("schedules");

  public CronbeatConfig withSchedules(Path directory) {
    return new CronbeatConfig(directory, timezone);
  }

  /** One line for the start-up log and {@code --verbose}. */
  public String describe() {
    return "schedules=" + schedules + " timezone=" + timezone.getId();
  }
}
