package io.cronbeat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Ages in tables: "2 s ago", and never "in 1 s" when the database's clock is ahead of the CLI's. */
class AgoTest {

  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  @Test
  void agesAreWholeUnitsWithASpace() {
    assertThat(Ago.of(NOW.minusSeconds(2), NOW)).isEqualTo("2 s ago");
    assertThat(Ago.of(NOW.minusSeconds(59), NOW)).isEqualTo("59 s ago");
    assertThat(Ago.of(NOW.minusSeconds(61), NOW)).isEqualTo("1 m ago");
    assertThat(Ago.of(NOW.minusSeconds(3 * 3600 + 5), NOW)).isEqualTo("3 h ago");
    assertThat(Ago.of(NOW.minusSeconds(2 * 86_400), NOW)).isEqualTo("2 d ago");
    assertThat(Ago.span(NOW.minusSeconds(90), NOW)).isEqualTo("1 m");
  }

  @Test
  void aTimeAheadOfTheCliClockIsNoAgeAtAll() {
    assertThat(Ago.of(NOW.plusMillis(1500), NOW)).isEqualTo("0 s ago");
    assertThat(Ago.of(NOW.plusSeconds(3600), NOW)).isEqualTo("0 s ago");
  }
}
