package io.cronbeat.timing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the store keeps of a schedule reads back with the dialect it was validated with. */
class StoredScheduleTest {

  private static final Instant FRIDAY = Instant.parse("2026-11-27T12:00:00Z");

  @Test
  void aSpringScheduleReadsBackAsSpring() {
    ScheduleParser parser = new ScheduleParser();
    String stored = parser.storedText("0 30 2 * * 1-5", Optional.of(CronDialect.SPRING));

    assertThat(stored).isEqualTo("spring: 0 30 2 * * 1-5");
    assertThat(new ScheduleParser().parse(stored, ZoneOffset.UTC, "job").nextAfter(FRIDAY))
        .contains(Instant.parse("2026-11-30T02:30:00Z"));
  }

  @Test
  void theConfigurationsDefaultIsStoredWithTheSchedule() {
    ScheduleParser quartzShop = new ScheduleParser(Optional.of(CronDialect.QUARTZ));

    assertThat(quartzShop.storedText("0 30 2 ? * 1-5", Optional.empty())).isEqualTo("quartz: 0 30 2 ? * 1-5");
    assertThat(quartzShop.storedText("30 2 * * 1-5", Optional.empty())).as("5 fields are Unix").isEqualTo("30 2 * * 1-5");
    assertThat(new ScheduleParser().storedText("0 30 2 ? * MON-FRI", Optional.empty())).isEqualTo("0 30 2 ? * MON-FRI");
  }

  @Test
  void aStoredScheduleWithoutADialectReadsAsQuartzAsBefore() {
    assertThat(new ScheduleParser().parse("0 30 2 ? * 1-5", ZoneOffset.UTC, "job").nextAfter(FRIDAY))
        .contains(Instant.parse("2026-11-29T02:30:00Z"));
  }
}
