package io.cronbeat.job;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who hears about a run's outcome.
 *
 * @param webhook URL that receives a JSON POST, if any; it may hold {@code ${NAME}} placeholders,
 *     filled in from the job's env and the node's environment when it is sent
 * @param headers headers of the webhook's request, placeholders allowed as in the URL
 * @param command command run with the outcome in its environment, if any
 * @param events which outcomes notify
 */
public record Notify(Optional<String> webhook, Map<String, String> headers, Optional<Command> command, Set<Event> events) {

  public static final Notify NOBODY = new Notify(Optional.empty(), Map.of(), Optional.empty(), Set.of());

  /** What {@code on:} means when it is left out: timeouts are failures already. */
  public static final Set<Event> DEFAULT_EVENTS = Set.of(Event.FAILURE, Event.RECOVERY, Event.OVERDUE);

  public Notify {
    headers = Map.copyOf(headers);
  }

  /** Outcomes that can notify. */
  public enum Event {
    /** A run ended FAILED or TIMED_OUT. */
    FAILURE,
    /** The first success after a failure, or the end of an overdue episode. */
    RECOVERY,
    /** A run ended TIMED_OUT (also a failure: choose one of the two). */
    TIMEOUT,
    /** A job's firing was not met by a success within its {@code expect} grace. */
    OVERDUE
  }
}
