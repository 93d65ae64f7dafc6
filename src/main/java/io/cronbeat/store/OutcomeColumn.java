package io.cronbeat.store;

import io.cronbeat.run.AttemptOutcome;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code cb_attempts.outcome} as text: the one place the store turns an {@link AttemptOutcome}
 * into the column's value and back. The values are the enum's names, as every version wrote them.
 */
final class OutcomeColumn {

  /** What each text this version writes reads as; anything else a newer version wrote. */
  private static final Map<String, AttemptOutcome> WRITTEN = Arrays.stream(AttemptOutcome.values())
      .filter(outcome -> outcome != AttemptOutcome.UNKNOWN)
      .collect(Collectors.toUnmodifiableMap(AttemptOutcome::name, Function.identity()));

  private OutcomeColumn() {}

  /** The column's value; null for an attempt still running. */
  static String text(AttemptOutcome outcome) {
    if (outcome == AttemptOutcome.UNKNOWN) {
      // Only ever read: writing it would turn a newer node's outcome into a guess.
      throw new IllegalArgumentException("UNKNOWN is never written: it stands for an outcome a newer version wrote");
    }
    return outcome == null ? null : outcome.name();
  }

  /**
   * The outcome a row holds; null while the attempt runs. A text this version never writes came
   * from a newer node in the same cluster (mid-upgrade): UNKNOWN, so that the run's history still
   * reads instead of failing whole.
   */
  static AttemptOutcome outcome(String text) {
    return text == null ? null : WRITTEN.getOrDefault(text, AttemptOutcome.UNKNOWN);
  }
}
