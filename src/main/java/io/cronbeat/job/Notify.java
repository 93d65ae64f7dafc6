package io.cronbeat.job;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * Who hears about a run's outcome.
 *
 * @param webhook URL that receives a JSON POST, if any
 * @param command command run with the outcome in its environment, if any
 * @param events which outcomes notify
 */
public record Notify(Optional<URI> webhook, Optional<Command> command, Set<Event> events) {

  public static final Notify NOBODY = new Notify(Optional.empty(), Optional.empty(), Set.of());

  /** Outcomes that can notify. */
  public enum Event {
    /** A run ended FAILED or TIMED_OUT. */
    FAILURE,
    /** The first success after a failure. */
    RECOVERY
  }
}
