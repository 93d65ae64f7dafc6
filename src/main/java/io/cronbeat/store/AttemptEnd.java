package io.cronbeat.store;

import io.cronbeat.run.AttemptOutcome;
import java.time.Instant;

/**
 * How an attempt ended, as its history row keeps it.
 *
 * @param reason one line for people: why it failed, or why it was stopped; null when it succeeded
 * @param startedAt when the work really started, if later than the start its claim recorded (a
 *     run claimed ahead of its due time, or one that waited for a free executor thread); else null
 */
public record AttemptEnd(
    Instant at, AttemptOutcome outcome, Integer exitCode, String tail, String reason, Instant startedAt) {

  public AttemptEnd(Instant at, AttemptOutcome outcome, Integer exitCode, String tail, String reason) {
    this(at, outcome, exitCode, tail, reason, null);
  }

  public AttemptEnd startedAt(Instant actual) {
    return new AttemptEnd(at, outcome, exitCode, tail, reason, actual);
  }
}
