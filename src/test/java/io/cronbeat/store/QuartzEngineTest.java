package io.cronbeat.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunKind;
import io.cronbeat.run.RunState;
import io.cronbeat.store.quartz.QuartzEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class QuartzEngineTest {

  @TempDir Path dir;

  /** Records one run per fire time it is handed, and remembers what it was handed. */
  private static final class Recording implements FiringHandler {
    final List<DueTrigger> due = new CopyOnWriteArrayList<>();

    @Override
    public List<NewRun> plan(FiringSlot slot, List<DueTrigger> triggers) {
      due.addAll(triggers);
      return triggers.stream().map(t -> new NewRun(t.job(), RunKind.SCHEDULED, t.from(), RunState.QUEUED, t.from(), 1, null))
          .toList();
    }

    @Override
    public void recorded(FiringSlot slot, List<NewRun> runs, Duration took) {}

    @Override
    public void due() {}
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void firesAtTheTimesOurScheduleComputesAndKeepsTheTriggerInPlainColumns(TestStore.Kind kind) throws Exception {
    try (TestStore store = TestStore.create(kind, dir)) {
      CronbeatConfig config = store.config(Map.of());
      Recording handler = new Recording();
      try (Database database = Database.open(config);
          QuartzEngine engine = new QuartzEngine(database, new QuartzEngine.Settings("test", "node-1", Duration.ofSeconds(5)),
              Clock.systemUTC(), handler)) {
        engine.schedule("tick", "@every 1s", "UTC");
        engine.start();
        Runs runs = Runs.of(new Jdbc(database.dataSource()));

        await().atMost(Duration.ofSeconds(10)).until(() -> runs.history().history("tick", 100).size() >= 3);

        assertThat(engine.scheduledJobs()).containsExactly("tick");
        assertThat(handler.due).allSatisfy(t -> {
          assertThat(t.job()).isEqualTo("tick");
          assertThat(t.from().getNano()).isZero();
        });
        List<Instant> times = new ArrayList<>(runs.history().history("tick", 100).stream().map(Run::scheduledAt).toList());
        Collections.reverse(times); // oldest first
        assertThat(times).doesNotHaveDuplicates().isSorted().allSatisfy(t -> assertThat(t.getNano()).isZero());
        assertThat(engine.nextFireTime("tick")).get().isEqualTo(times.get(times.size() - 1).plusSeconds(1));
        String stored = new Jdbc(database.dataSource()).one(
            "SELECT STR_PROP_1 FROM QRTZ_SIMPROP_TRIGGERS WHERE TRIGGER_NAME = ?", row -> row.getString(1), "tick").orElseThrow();
        assertThat(stored).isEqualTo("@every 1s");
      }
    }
  }
}
