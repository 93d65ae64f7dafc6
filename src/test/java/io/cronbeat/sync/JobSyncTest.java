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
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobSyncTest {

  @TempDir Path dir;

  /** A test of a sync on one store, with what it needs to look behind it. */
  private interface SyncTest {
    void run(JobSync sync, JobTable jobs, Jdbc jdbc, QuartzEngine quartz) throws Exception;
  }

  private void on(TestStore.Kind kind, SyncTest test) throws Exception {
    on(kind, Map.of(), test);
  }

  private void on(TestStore.Kind kind, Map<String, String> settings, SyncTest test) throws Exception {
    try (TestStore store = TestStore.create(kind, dir.resolve("data"));
        Database database = Database.open(store.config(settings));
        QuartzEngine quartz = new QuartzEngine(database, new QuartzEngine.Settings("sync-test", "node", Duration.ofSeconds(5)),
            Clock.systemUTC(), null)) {
      Jdbc jdbc = new Jdbc(database.dataSource());
      JobTable jobs = new JobTable(jdbc, Clock.systemUTC());
      test.run(new JobSync(jobs, quartz, new ClusterLock(jdbc)), jobs, jdbc, quartz);
    }
  }

  private List<JobDefinition> declare(String yaml) throws IOException {
    Path file = dir.resolve("jobs.yaml");
    Files.writeString(file, yaml);
    JobSet set = new JobLoader(ZoneOffset.UTC, Clock.systemUTC()).load(List.of(file));
    assertThat(set.diagnostics()).isEmpty();
    return set.jobs();
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL"})
  void aJobsDialectTravelsWithItsScheduleIntoTheStore(TestStore.Kind kind) throws Exception {
    on(kind, (sync, jobs, jdbc, quartz) -> {
      sync.apply(declare("""
          jobs:
            fridays: {schedule: "0 30 2 * * 5", dialect: spring, command: "true"}
          """));

      // Spring's 5 is Friday; the same text read as Quartz would be Thursday.
      long next = jdbc.query("SELECT NEXT_FIRE_TIME FROM QRTZ_TRIGGERS", row -> row.getLong(1)).get(0);
      assertThat(quartz.timings().get("fridays").schedule()).isEqualTo("spring: 0 30 2 * * 5");
      assertThat(Instant.ofEpochMilli(next).atZone(ZoneOffset.UTC).getDayOfWeek()).isEqualTo(DayOfWeek.FRIDAY);
    });
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aScheduleOfTheLongestLengthAllowedIsStoredWholeWithItsDialect(TestStore.Kind kind) throws Exception {
    String schedule = "0" + ",0".repeat(491) + " 30 2 * * MON-FRI";
    assertThat(schedule).hasSize(1_000);
    on(kind, (sync, jobs, jdbc, quartz) -> {
      sync.apply(declare("jobs:\n  long: {schedule: \"" + schedule + "\", dialect: spring, command: \"true\"}\n"));

      assertThat(quartz.timings().get("long").schedule()).isEqualTo("spring: " + schedule);
      long next = jdbc.query("SELECT NEXT_FIRE_TIME FROM QRTZ_TRIGGERS", row -> row.getLong(1)).get(0);
      assertThat(Instant.ofEpochMilli(next).atZone(ZoneOffset.UTC).toLocalTime()).hasToString("02:30");
    });
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void addsChangesAndRemovesKeepingTheNextFireTimeOfWhatDidNotMove(TestStore.Kind kind) throws Exception {
    on(kind, (sync, jobs, jdbc, quartz) -> {

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
      assertThat(quartz.nextFireTime("edit-schedule")).isNotEqualTo(Optional.of(Instant.ofEpochMilli(marker)));
      assertThat(jobs.find("edit-command").orElseThrow().spec().argv()).containsExactly("/bin/sh", "-c", "false");
      assertThat(jobs.find("drop")).isEmpty();
      assertThat(jobs.find("manual").orElseThrow().enabled()).isFalse();
    });
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void syncsHundredsOfJobsAsADifferenceAndAnUnchangedResyncWritesNothing(TestStore.Kind kind) throws Exception {
    on(kind, (sync, jobs, jdbc, quartz) -> {
      sync.apply(declare(jobsYaml(0, 300, "@every 1h", "true")));
      long marker = Instant.now().plusSeconds(1234).toEpochMilli();
      jdbc.update("UPDATE QRTZ_TRIGGERS SET NEXT_FIRE_TIME = ?", marker);

      // 0-49 get a new schedule, 50-99 a new command, 100-149 go, 300-349 come, 150-299 stay.
      String edited = jobsYaml(0, 50, "@every 2h", "true") + jobsYaml(50, 100, "@every 1h", "false").replace("jobs:\n", "")
          + jobsYaml(150, 350, "@every 1h", "true").replace("jobs:\n", "");
      SyncPlan second = sync.apply(declare(edited));
      Map<String, List<Long>> afterSecond = triggerRows(jdbc);
      Map<String, Long> rowsAfterSecond = jobRows(jdbc);
      SyncPlan third = sync.apply(declare(edited));

      assertThat(second.add()).hasSize(50).allMatch(spec -> spec.name().compareTo("job-300") >= 0);
      assertThat(second.change()).extracting(spec -> spec.name()).hasSize(100).allMatch(name -> name.compareTo("job-100") < 0);
      assertThat(second.remove()).hasSize(50).allMatch(name -> name.compareTo("job-100") >= 0 && name.compareTo("job-150") < 0);
      assertThat(second.unchanged()).isEqualTo(150);
      assertThat(afterSecond).hasSize(300).containsOnlyKeys(jobs.digests().keySet());
      afterSecond.forEach((name, row) -> {
        boolean rescheduled = name.compareTo("job-050") < 0 || name.compareTo("job-300") >= 0;
        assertThat(row.get(0) == marker).as("%s keeps its next fire time", name).isEqualTo(!rescheduled);
      });
      assertThat(jobs.find("job-060").orElseThrow().spec().argv()).containsExactly("/bin/sh", "-c", "false");
      assertThat(third.isEmpty()).isTrue();
      assertThat(third.unchanged()).isEqualTo(300);
      assertThat(triggerRows(jdbc)).isEqualTo(afterSecond);
      assertThat(jobRows(jdbc)).isEqualTo(rowsAfterSecond);
      // Read as Quartz reads them: durable, and re-fired elsewhere if their node dies mid-firing.
      // As Quartz's scheduleJob writes a durable job; no recovery request: Quartz never fires it (TriggerSweep does).
      assertThat(jdbc.query("SELECT IS_DURABLE, REQUESTS_RECOVERY FROM QRTZ_JOB_DETAILS", row -> row.getBoolean(1) && !row.getBoolean(2)))
          .hasSize(300).containsOnly(true);
    });
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aStoreOfTheSmallestPoolStillSyncsWhileItReadsJobsAndTriggersAtOnce(TestStore.Kind kind) throws Exception {
    // The sync holds one connection for its lock and reads cb_jobs and Quartz's triggers on two more,
    // side by side: with two in all, one read waits for the other instead of for ever.
    on(kind, Map.of("CRONBEAT_STORE_POOL_SIZE", "2"), (sync, jobs, jdbc, quartz) -> {
      List<JobDefinition> declared = declare(jobsYaml(0, 600, "@every 1h", "true"));

      SyncPlan first = sync.apply(declared);
      SyncPlan again = sync.apply(declared);

      assertThat(first.add()).hasSize(600);
      assertThat(again.isEmpty()).isTrue();
      assertThat(again.unchanged()).isEqualTo(600);
      assertThat(quartz.scheduledJobs()).hasSize(600);
    });
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aSyncInterruptedBeforeItsTriggersIsFinishedByTheNextOne(TestStore.Kind kind) throws Exception {
    on(kind, (sync, jobs, jdbc, quartz) -> {
      List<JobDefinition> declared = declare(jobsYaml(0, 20, "@every 1h", "true"));
      sync.apply(declared);
      // As if a node died after writing cb_jobs: three triggers missing, one left for a job nobody declares.
      quartz.unscheduleAll(List.of("job-003", "job-007", "job-011"));
      quartz.schedule("leftover", "@hourly", "UTC");
      Map<String, List<Long>> before = triggerRows(jdbc);

      SyncPlan repair = sync.apply(declared);

      Map<String, List<Long>> after = triggerRows(jdbc);
      assertThat(repair.isEmpty()).isTrue();
      assertThat(quartz.scheduledJobs()).hasSize(20).doesNotContain("leftover").contains("job-003", "job-007", "job-011");
      before.remove("leftover");
      assertThat(after).containsAllEntriesOf(before);
    });
  }

  /** One job per line, {@code job-000} upwards. */
  private static String jobsYaml(int from, int to, String schedule, String command) {
    StringBuilder yaml = new StringBuilder("jobs:\n");
    for (int i = from; i < to; i++) {
      yaml.append(String.format("  job-%03d: {schedule: \"%s\", command: \"%s\"}%n", i, schedule, command));
    }
    return yaml.toString();
  }

  /** Each trigger's next fire time and start time, as Quartz stores them. */
  private static Map<String, List<Long>> triggerRows(Jdbc jdbc) {
    Map<String, List<Long>> rows = new TreeMap<>();
    jdbc.query("SELECT TRIGGER_NAME, NEXT_FIRE_TIME, START_TIME FROM QRTZ_TRIGGERS",
        row -> rows.put(row.getString(1), List.of(row.getLong(2), row.getLong(3))));
    return rows;
  }

  /** Each cb_jobs row's last write. */
  private static Map<String, Long> jobRows(Jdbc jdbc) {
    Map<String, Long> rows = new TreeMap<>();
    jdbc.query("SELECT name, updated_at FROM cb_jobs", row -> rows.put(row.getString(1), row.getLong(2)));
    return rows;
  }
}
