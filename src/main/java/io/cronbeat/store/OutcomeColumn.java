package io.cronbeat.store;

import io.cronbeat.run.AttemptOutcome;

/**
 * {@code cb_attempts.outcome} as text: the one place the store turns an {@link AttemptOutcome}
 * into the column's value and back. The values are the enum's names, as every version wrote them.
 */
final class OutcomeColumn {

  private OutcomeColumn() {}

  /** The column's value; null for an attempt still running. */
  static String text(AttemptOutcome outcome) {
    return outcome == null ? null : outcome.name();
  }

  /** The outcome a row holds; null while the attempt runs. */
  static AttemptOutcome outcome(String text) {
    return text == null ? null : AttemptOutcome.valueOf(text);
  }
}
