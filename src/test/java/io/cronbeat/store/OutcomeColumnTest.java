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
    assertThat(Arrays.stream(AttemptOutcome.values()).map(OutcomeColumn::text)).containsExactlyElementsOf(STORED);
  }

  @Test
  void everyStoredTextReadsBackAsItsOutcome() {
    assertThat(STORED.stream().map(OutcomeColumn::outcome)).containsExactly(AttemptOutcome.values());
    assertThat(OutcomeColumn.outcome(null)).as("an attempt still running").isNull();
    assertThat(OutcomeColumn.text(null)).isNull();
  }

  @Test
  void aValueNoVersionWroteIsAnError() {
    assertThatThrownBy(() -> OutcomeColumn.outcome("succeeded")).isInstanceOf(IllegalArgumentException.class);
  }
}
