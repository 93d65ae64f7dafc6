package io.cronbeat.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.store.quartz.QuartzEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class QuartzEngineTest {

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void firesAtTheTimesOurScheduleComputesAndKeepsTheTriggerInPlainColumns(TestStore.Kind kind) throws Exception {
    try (TestStore store = TestStore.create(kind, dir)) {
      CronbeatConfig config = store.config(Map.of());
      List<Firing> firings = new CopyOnWriteArrayList<>();
      try (Database database = Database.open(config);
          QuartzEngine engine = new QuartzEngine(database, "test", "node-1", Duration.ofSeconds(5), Duration.ofSeconds(5),
              firings::add)) {
        engine.schedule("tick", "@every 1s", "UTC");
        engine.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> firings.size() >= 3);

        assertThat(engine.scheduledJobs()).containsExactly("tick");
        assertThat(firings).allSatisfy(f -> {
          assertThat(f.job()).isEqualTo("tick");
          assertThat(f.scheduledAt().getNano()).isZero();
          assertThat(f.missedSince()).isEmpty();
        });
        List<Instant> times = firings.stream().map(Firing::scheduledAt).toList();
        assertThat(times).doesNotHaveDuplicates().isSorted();
        String stored = new Jdbc(database.dataSource()).one(
            "SELECT STR_PROP_1 FROM QRTZ_SIMPROP_TRIGGERS WHERE TRIGGER_NAME = ?", row -> row.getString(1), "tick").orElseThrow();
        assertThat(stored).isEqualTo("@every 1s");
      }
    }
  }
}
