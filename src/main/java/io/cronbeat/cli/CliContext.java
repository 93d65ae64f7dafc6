package io.cronbeat.cli;

import java.time.Clock;
import java.util.Map;

/**
 * What commands take from the world: the clock and the environment. Passed in, never read
 * from statics, so tests can fix both.
 */
public record CliContext(Clock clock, Map<String, String> env) {

  public CliContext {
    env = Map.copyOf(env);
  }
}
