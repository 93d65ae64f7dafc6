package io.cronbeat.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cronbeat.config.ConfigLoader;
import io.cronbeat.config.CronbeatConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How long and how often a starting node tries its database. */
class StartupWaitTest {

  @TempDir Path dir;

  /** A clock that the sleeper moves: the test waits for nothing. */
  private static final class FakeTime extends Clock {
    Instant now = Instant.parse("2026-11-30T00:00:00Z");
    final List<Duration> sleeps = new ArrayList<>();

    void sleep(Duration duration) {
      sleeps.add(duration);
      now = now.plus(duration);
    }

    @Override public ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
  }

  private CronbeatConfig config(String waitAtStart) {
    return new ConfigLoader(Map.of("CRONBEAT_DATA", dir.resolve("data").toString(),
        "CRONBEAT_STORE_URL", "jdbc:postgresql://127.0.0.1:1/nothing", "CRONBEAT_STORE_USER", "x",
        "CRONBEAT_STORE_WAIT_AT_START", waitAtStart), ZoneOffset.UTC).load(null);
  }

  @Test
  void retriesWithBackoffDoublingFromHalfASecondToTwoAndGivesUpAfterWaitAtStart() {
    FakeTime time = new FakeTime();

    assertThatThrownBy(() -> Database.openWhenReachable(config("7s"), time, time::sleep))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("database not reachable at jdbc:postgresql://127.0.0.1:1/nothing (")
        .hasMessageEndingWith("); gave up after 7s (store.wait-at-start)");
    assertThat(time.sleeps).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(2), Duration.ofMillis(1500));
  }

  @Test
  void waitAtStartZeroMeansWaitForEver() {
    FakeTime time = new FakeTime();
    Database.Sleeper stopAfterAnHour = duration -> {
      time.sleep(duration);
      if (time.sleeps.size() > 1800) {
        throw new InterruptedException();
      }
    };

    assertThatThrownBy(() -> Database.openWhenReachable(config("0"), time, stopAfterAnHour))
        .hasMessage("stopped while waiting for the database");
    assertThat(time.sleeps.subList(3, time.sleeps.size())).containsOnly(Duration.ofSeconds(2));
    Thread.interrupted();
  }

  @Test
  void commandsDoNotWait() {
    long started = System.nanoTime();

    assertThatThrownBy(() -> Database.open(config("0"))).isInstanceOf(StoreException.class)
        .hasMessageStartingWith("cannot prepare the database schema at jdbc:postgresql://127.0.0.1:1/nothing: ");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
  }
}
