package io.cronbeat.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cronbeat.run.RunKind;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The health check's question to the store is answered within its bound, whatever the store does. */
class StoreProbeTest {

  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL"})
  void aStoreThatCannotAnswerIsReportedWithinTheBoundNotThePoolsTimeout(TestStore.Kind kind) throws Exception {
    try (TestStore store = TestStore.create(kind, dir);
        Database database = Database.open(store.config(Map.of("CRONBEAT_STORE_POOL_SIZE", "2")));
        StoreProbe probe = new StoreProbe(new Jdbc(database.dataSource()), Duration.ofMillis(300))) {
      assertThat(probe.problem()).isEmpty();

      long started = System.nanoTime();
      try (Connection one = database.dataSource().getConnection(); Connection two = database.dataSource().getConnection()) {
        // The pool has nothing to give: like a database that stopped answering, the pool would wait 10 s.
        assertThat(probe.problem()).contains("the database did not answer within 300 ms");
        assertThatThrownBy(() -> probe.counts(NOW)).isInstanceOf(StoreException.class)
            .hasMessage("the database did not answer within 300 ms");
      }
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(took).isLessThan(Duration.ofSeconds(5));
      await().atMost(Duration.ofSeconds(5)).until(() -> probe.problem().isEmpty());
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL"})
  void countsSplitTheQueueIntoDueAndLaterAndLeaveHistoryOut(TestStore.Kind kind) throws Exception {
    try (TestStore store = TestStore.create(kind, dir); Database database = Database.open(store.config(Map.of()));
        StoreProbe probe = new StoreProbe(new Jdbc(database.dataSource()), Duration.ofSeconds(5))) {
      Runs runs = Runs.of(new Jdbc(database.dataSource()));
      runs.enqueue("a", RunKind.SUBMITTED, NOW.minusSeconds(1), 1, NOW, "{}");
      runs.enqueue("a", RunKind.SUBMITTED, NOW, 1, NOW, "{}");
      runs.enqueue("b", RunKind.SUBMITTED, NOW.plusSeconds(60), 1, NOW, "{}");
      long done = runs.enqueue("b", RunKind.SUBMITTED, NOW.minusSeconds(60), 1, NOW, "{}");
      runs.queue().cancelQueued(done, NOW, "test");

      assertThat(probe.counts(NOW)).isEqualTo(new RunQueue.Counts(2, 1, 0));
    }
  }
}
