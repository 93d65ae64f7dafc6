package io.cronbeat.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronbeat.job.JobDefinition;
import io.cronbeat.job.JobLoader;
import io.cronbeat.job.JobSet;
import io.cronbeat.store.ClusterLock;
import io.cronbeat.store.Database;
import io.cronbeat.store.Jdbc;
import io.cronbeat.store.JobTable;
import io.cronbeat.store.TestStore;
import io.cronbeat.store.quartz.QuartzEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobSyncTest {

  @TempDir Path dir;

  private List<JobDefinition> declare(String yaml) throws IOException {
    Path file = dir.resolve("jobs.yaml");
    Files.writeString(file, yaml);
    JobSet set = new JobLoader(ZoneOffset.UTC, Clock.systemUTC()).load(List.of(file));
    assertThat(set.diagnostics()).isEmpty();
    return set.jobs();
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void addsChangesAndRemovesKeepingTheNextFireTimeOfWhatDidNotMove(TestStore.Kind kind) throws Exception {
    try (TestStore store = TestStore.create(kind, dir.resolve("data"));
        Database database = Database.open(store.config(Map.of()));
        QuartzEngine quartz = new QuartzEngine(database, new QuartzEngine.Settings("sync-test", "node", Duration.ofSeconds(5)),
            Clock.systemUTC(), null)) {
      Jdbc jdbc = new Jdbc(database.dataSource());
      JobTable jobs = new JobTable(jdbc, Clock.systemUTC());
      JobSync sync = new JobSync(jobs, quartz, new ClusterLock(jdbc));

      SyncPlan first = sync.apply(declare("""
          jobs:
            keep: {schedule: "@every 1h", command: "true"}
            edit-command: {schedule: "@every 1h", command: "true"}
            edit-schedule: {schedule: "@every 1h", command: "true"}
            drop: {schedule: "@every 1h", command: "true"}
            manual: {command: "true"}
          """));
      // Move the stored next fire times off the schedule's grid, to see which triggers are rebuilt.
      long marker = Instant.now().plusSeconds(1234).toEpochMilli();
      jdbc.update("UPDATE QRTZ_TRIGGERS SET NEXT_FIRE_TIME = ?", marker);

      String edited = """
          jobs:
            keep: {schedule: "@every 1h", command: "true"}
            edit-command: {schedule: "@every 1h", command: "false"}
            edit-schedule: {schedule: "@every 2h", command: "true"}
            manual: {command: "true", enabled: false}
            new: {schedule: "@daily", command: "true"}
          """;
      SyncPlan second = sync.apply(declare(edited));
      SyncPlan third = sync.apply(declare(edited));

      assertThat(first.add()).hasSize(5);
      assertThat(second.add()).extracting(s -> s.name()).containsExactly("new");
      assertThat(second.change()).extracting(s -> s.name()).containsExactly("edit-command", "edit-schedule", "manual");
      assertThat(second.remove()).containsExactly("drop");
      assertThat(second.unchanged()).isEqualTo(1);
      assertThat(third.isEmpty()).isTrue();
      assertThat(third.unchanged()).isEqualTo(5);
      assertThat(quartz.scheduledJobs()).containsExactly("edit-command", "edit-schedule", "keep", "new");
      assertThat(quartz.nextFireTime("keep")).contains(Instant.ofEpochMilli(marker));
      assertThat(quartz.nextFireTime("edit-command")).contains(Instant.ofEpochMilli(marker));
      assertThat(quartz.nextFireTime("edit-schedule")).isNotEqualTo(java.util.Optional.of(Instant.ofEpochMilli(marker)));
      assertThat(jobs.find("edit-command").orElseThrow().spec().argv()).containsExactly("/bin/sh", "-c", "false");
      assertThat(jobs.find("drop")).isEmpty();
      assertThat(jobs.find("manual").orElseThrow().enabled()).isFalse();
    }
  }
}
