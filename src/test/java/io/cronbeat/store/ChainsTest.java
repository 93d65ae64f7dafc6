package io.cronbeat.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronbeat.job.JobLoader;
import io.cronbeat.job.JobSet;
import io.cronbeat.run.JobSpec;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunKind;
import io.cronbeat.run.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The store's half of chains, on every database: edges from a sync, and the unique key on the upstream run. */
class ChainsTest {

  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  @TempDir Path dir;

  private interface ChainTest {
    void run(Jdbc jdbc, Chains chains, Runs runs) throws Exception;
  }

  private void on(TestStore.Kind kind, ChainTest test) throws Exception {
    Path file = Files.writeString(dir.resolve("jobs.yaml"), """
        jobs:
          backup:
            schedule: "@daily"
            command: /usr/local/bin/backup
          verify:
            command: /usr/local/bin/verify
            after: {job: backup}
        """);
    JobSet set = new JobLoader(ZoneOffset.UTC, Clock.fixed(NOW, ZoneOffset.UTC)).load(List.of(file));
    assertThat(set.diagnostics()).isEmpty();
    try (TestStore store = TestStore.create(kind, dir.resolve("data")); Database database = Database.open(store.config(Map.of()))) {
      Jdbc jdbc = new Jdbc(database.dataSource());
      new JobTable(jdbc, Clock.fixed(NOW, ZoneOffset.UTC)).save(
          set.jobs().stream().map(job -> new JobTable.Declared(JobSpec.of(job), true)).toList(), List.of(), List.of());
      test.run(jdbc, new Chains(database.dialect()), Runs.of(jdbc));
    }
  }

  private static long ended(Jdbc jdbc, Runs runs, String state) {
    long id = runs.recordFiring("backup", RunKind.SCHEDULED, NOW, RunState.QUEUED, NOW, 1, NOW, null).orElseThrow();
    jdbc.update("UPDATE cb_runs SET state = ?, finished_at = ? WHERE id = ?", state, NOW.toEpochMilli(), id);
    return id;
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void anUpstreamRunQueuesItsDownstreamRunOnceHoweverOftenItsEndIsFollowed(TestStore.Kind kind) throws Exception {
    on(kind, (jdbc, chains, runs) -> {
      long backup = ended(jdbc, runs, "SUCCEEDED");

      int first = jdbc.transaction(c -> chains.follow(c, Map.of(backup, NOW)));
      int again = jdbc.transaction(c -> chains.follow(c, Map.of(backup, NOW.plusSeconds(5))));

      assertThat(first).isEqualTo(1);
      assertThat(again).isZero();
      List<Run> verify = runs.history().history("verify", 10);
      assertThat(verify).extracting(Run::kind, Run::state, Run::dueAt)
          .containsExactly(Tuple.tuple(RunKind.CHAIN, RunState.QUEUED, NOW));
      assertThat(jdbc.one("SELECT upstream_run_id FROM cb_runs WHERE id = ?", row -> row.getLong(1), verify.get(0).id()))
          .contains(backup);
    });
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aFailedUpstreamQueuesNothingForOnSuccessAndAPausedDownstreamIsRecordedMissed(TestStore.Kind kind) throws Exception {
    on(kind, (jdbc, chains, runs) -> {
      long failed = ended(jdbc, runs, "FAILED");
      int queued = jdbc.transaction(c -> chains.follow(c, Map.of(failed, NOW)));
      assertThat(queued).isZero();

      jdbc.update("UPDATE cb_jobs SET paused = ? WHERE name = 'verify'", true);
      long succeeded = runs.recordFiring("backup", RunKind.SCHEDULED, NOW.plusSeconds(60), RunState.QUEUED, NOW, 1, NOW, null)
          .orElseThrow();
      jdbc.update("UPDATE cb_runs SET state = 'SUCCEEDED' WHERE id = ?", succeeded);
      jdbc.transaction(c -> chains.follow(c, Map.of(succeeded, NOW)));

      assertThat(runs.history().history("verify", 10)).extracting(Run::state, Run::reason)
          .containsExactly(Tuple.tuple(RunState.MISSED, RunQueue.PAUSED));
    });
  }
}
