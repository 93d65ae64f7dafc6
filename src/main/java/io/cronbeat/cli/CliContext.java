package io.cronbeat.cli;

import io.cronbeat.timing.Zones;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;

/**
 * What commands take from the world: the clock and the environment. Passed in, never read
 * from statics, so tests can fix both.
 */
public record CliContext(Clock clock, Map<String, String> env) {

  public static final String SCHEDULES_ENV = "CRONBEAT_SCHEDULES";
  public static final String TIMEZONE_ENV = "CRONBEAT_TIMEZONE";
  public static final Path DEFAULT_SCHEDULES = Path.of("schedules");

  public CliContext {
    env = Map.copyOf(env);
  }

  /** {@code --schedules}, else {@code CRONBEAT_SCHEDULES}, else {@code schedules/}. */
  public Path schedules(Path option) {
    if (option != null) {
      return option;
    }
    String fromEnv = env.get(SCHEDULES_ENV);
    return fromEnv == null || fromEnv.isBlank() ? DEFAULT_SCHEDULES : Path.of(fromEnv);
  }

  /** The zone of jobs that name none: {@code CRONBEAT_TIMEZONE}, else the system's. */
  public ZoneId defaultZone() {
    String fromEnv = env.get(TIMEZONE_ENV);
    return fromEnv == null || fromEnv.isBlank() ? clock.getZone() : Zones.parse(fromEnv);
  }
}
