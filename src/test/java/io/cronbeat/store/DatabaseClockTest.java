package io.cronbeat.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The node's clock follows the database's, and never because of a slow answer alone. */
class DatabaseClockTest {

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aDatabaseOnTheSameClockIsNotTakenToBeAheadWhenItsAnswerIsSlow(TestStore.Kind kind) throws Exception {
    try (TestStore store = TestStore.create(kind, dir); Database database = Database.open(store.config(Map.of()))) {
      // The node's clock reads the time before the query at once and the time after it 120 ms
      // late, as a busy machine does: the answer's midpoint is 60 ms after the database's reading.
      DatabaseClock clock = new DatabaseClock(new SlowSecondReading(Duration.ofMillis(120)), new Jdbc(database.dataSource()),
          database.dialect());

      assertThat(clock.sync()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aNodeWhoseClockIsOffFollowsTheDatabase(TestStore.Kind kind) throws Exception {
    try (TestStore store = TestStore.create(kind, dir); Database database = Database.open(store.config(Map.of()))) {
      DatabaseClock clock = new DatabaseClock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-30)),
          new Jdbc(database.dataSource()), database.dialect());

      Duration offset = clock.sync();

      assertThat(offset).isBetween(Duration.ofSeconds(29), Duration.ofSeconds(31));
      assertThat(Duration.between(Instant.now(), clock.instant()).abs()).isLessThan(Duration.ofSeconds(1));
    }
  }

  /** The system clock, but every second reading comes {@code late} after it was asked for. */
  private static final class SlowSecondReading extends Clock {
    private final Duration late;
    private int readings;

    SlowSecondReading(Duration late) {
      this.late = late;
    }

    @Override
    public Instant instant() {
      if (++readings % 2 == 0) {
        try {
          Thread.sleep(late.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return Instant.now();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
