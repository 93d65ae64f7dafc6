package io.cronbeat.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZonesTest {

  @Test
  void acceptsExactIanaNamesUtcAndFixedOffsets() {
    assertThat(Zones.parse("Europe/Berlin")).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(Zones.parse("UTC")).isEqualTo(ZoneId.of("UTC"));
    assertThat(Zones.parse("+05:30")).isEqualTo(ZoneOffset.ofHoursMinutes(5, 30));
    assertThat(Zones.parse(ZoneOffset.UTC.getId())).as("the id java.time gives UTC reads back").isEqualTo(ZoneOffset.UTC);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "Mars/Olympus     | unknown time zone 'Mars/Olympus'",
      "europe/berlin    | unknown time zone 'europe/berlin': did you mean 'Europe/Berlin'?",
      "UTC+3            | time zone 'UTC+3' is ambiguous (POSIX reads UTC+3 as three hours WEST of UTC)",
      "GMT-05:00        | time zone 'GMT-05:00' is ambiguous (POSIX reads UTC+3 as three hours WEST of UTC)",
      "Europe/Berln     | unknown time zone 'Europe/Berln': did you mean 'Europe/Berlin'?",
      "+19:00           | time zone offset '+19:00' is outside -18:00 to +18:00"})
  void neverFallsBackToGmtSilently(String zone, String message) {
    assertThatThrownBy(() -> Zones.parse(zone)).isInstanceOf(ScheduleException.class).hasMessage(message);
  }
}
