package io.cronbeat.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cronbeat.run.AttemptOutcome;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code cb_attempts.outcome} keeps the text every earlier version wrote: rows from before the enum still read. */
class OutcomeColumnTest {

  /** The values in the column, as written before the outcome was an enum. */
  private static final List<String> STORED = List.of("SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELLED", "LOST");

  @Test
  void everyOutcomeIsWrittenAsTheTextEarlierVersionsWrote() {
    assertThat(Arrays.stream(AttemptOutcome.values()).filter(o -> o != AttemptOutcome.UNKNOWN).map(OutcomeColumn::text))
        .containsExactlyElementsOf(STORED);
    assertThatThrownBy(() -> OutcomeColumn.text(AttemptOutcome.UNKNOWN)).as("read only").isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyStoredTextReadsBackAsItsOutcome() {
    assertThat(STORED.stream().map(OutcomeColumn::outcome)).containsExactly(AttemptOutcome.SUCCEEDED, AttemptOutcome.FAILED,
        AttemptOutcome.TIMED_OUT, AttemptOutcome.CANCELLED, AttemptOutcome.LOST);
    assertThat(OutcomeColumn.outcome(null)).as("an attempt still running").isNull();
    assertThat(OutcomeColumn.text(null)).isNull();
  }

  @Test
  void aValueThisVersionNeverWroteReadsAsUnknown() {
    assertThat(OutcomeColumn.outcome("THROTTLED")).as("a newer version's outcome").isEqualTo(AttemptOutcome.UNKNOWN);
    assertThat(OutcomeColumn.outcome("succeeded")).isEqualTo(AttemptOutcome.UNKNOWN);
    assertThat(OutcomeColumn.outcome("UNKNOWN")).as("not a value any version writes").isEqualTo(AttemptOutcome.UNKNOWN);
  }
}
