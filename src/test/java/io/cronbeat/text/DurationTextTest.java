package io.cronbeat.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({"30s, PT30S", "5m, PT5M", "1h30m, PT1H30M", "2d, PT48H", "1d2h3m4s, PT26H3M4S", "90s, PT1M30S"})
  void readsDurationsAsPeopleWriteThem(String text, String iso) {
    assertThat(DurationText.parse(text)).contains(Duration.parse(iso));
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @ValueSource(strings = {"30", "5 minutes", "1.5h", "-5m", "m", "", "PT5M", "99999999999999999999d"})
  void rejectsAnythingElse(String text) {
    assertThat(DurationText.parse(text)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"PT1H30M, 1h30m", "PT48H, 2d", "PT0S, 0s", "PT1M30S, 1m30s"})
  void formatsInTheShortestFormItReads(String iso, String text) {
    assertThat(DurationText.format(Duration.parse(iso))).isEqualTo(text);
    assertThat(DurationText.parse(text)).contains(Duration.parse(iso));
  }
}
