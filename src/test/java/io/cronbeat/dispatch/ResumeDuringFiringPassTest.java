package io.cronbeat.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronbeat.run.Run;
import io.cronbeat.run.RunKind;
import io.cronbeat.run.RunState;
import io.cronbeat.store.Database;
import io.cronbeat.store.DueTrigger;
import io.cronbeat.store.FiringHandler;
import io.cronbeat.store.FiringSlot;
import io.cronbeat.store.Jdbc;
import io.cronbeat.store.JobTable;
import io.cronbeat.store.NewRun;
import io.cronbeat.store.Runs;
import io.cronbeat.store.TestJobs;
import io.cronbeat.store.TestStore;
import io.cronbeat.store.quartz.QuartzEngine;
import io.cronbeat.testing.LogCapture;
import io.cronbeat.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A firing pass decides "job paused" in its own transaction, fenced against the job's row: a
 * resume that commits after the pass read the job as paused, but before the pass commits, must
 * not leave that firing MISSED (no later resume would ever queue it).
 */
class ResumeDuringFiringPassTest {

  @TempDir Path dir;

  /** The node's recorder, with a resume committed once right after its first plan with firings in it. */
  private static final class ResumeAfterPlan implements FiringHandler {
    private final FiringRecorder recorder;
    private final Runnable resume;
    private boolean resumed;

    ResumeAfterPlan(FiringRecorder recorder, Runnable resume) {
      this.recorder = recorder;
      this.resume = resume;
    }

    @Override
    public List<NewRun> plan(FiringSlot slot, List<DueTrigger> due) {
      List<NewRun> runs = recorder.plan(slot, due);
      if (!resumed && !runs.isEmpty()) {
        resumed = true;
        resume.run();
      }
      return runs;
    }

    @Override
    public void recorded(FiringSlot slot, List<NewRun> runs, Duration took) {
      recorder.recorded(slot, runs, took);
    }

    @Override
    public void due() {}
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aFiringOfAJobResumedWhileThePassWasUnderWayIsQueuedNotMissed(TestStore.Kind kind) throws Exception {
    Instant declared = Instant.now().minusSeconds(60);
    try (TestStore store = TestStore.create(kind, dir.resolve("data")); Database database = Database.open(store.config(Map.of()))) {
      Jdbc jdbc = new Jdbc(database.dataSource());
      JobTable jobs = TestJobs.declare(jdbc, dir, """
          jobs:
            tick: {schedule: "* * * * *", command: "true", catch-up: none}
          """, declared);
      Runs runs = Runs.of(jdbc);
      jobs.setPaused("tick", true, declared);
      SettableClock clock = new SettableClock(declared);
      RunService service = new RunService(jobs, runs.queue(), runs.history(), clock, 10);
      FiringHandler handler = new ResumeAfterPlan(new FiringRecorder(jobs, 10, () -> 0, () -> { }),
          () -> assertThat(service.resume("tick").orElseThrow().wasPaused()).isTrue());
      try (QuartzEngine engine = new QuartzEngine(database, new QuartzEngine.Settings("test", "node-1", Duration.ofMinutes(5)),
          clock, handler)) {
        engine.schedule("tick", "* * * * *", "UTC");
        Instant due = engine.nextFireTime("tick").orElseThrow();
        clock.advance(Duration.between(clock.instant(), due.minusMillis(500)));

        engine.firePass(100);
      }

      List<Run> recorded = runs.history().history("tick", 10);
      assertThat(recorded).hasSize(1);
      assertThat(recorded.get(0).kind()).isEqualTo(RunKind.SCHEDULED);
      assertThat(recorded.get(0).state()).as("the job was no longer paused when the firing was recorded")
          .isEqualTo(RunState.QUEUED);
      assertThat(jobs.find("tick").orElseThrow().paused()).isFalse();
    }
  }

  /**
   * The pass that found the job resumed plans again: the catch-up line says once what the pass
   * recorded (it came once per plan, the first saying what the paused job's plan would have done).
   */
  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = "H2")
  void aCatchUpPlannedAgainInOnePassIsLoggedOnce(TestStore.Kind kind) throws Exception {
    Instant declared = Instant.now().minusSeconds(60);
    try (TestStore store = TestStore.create(kind, dir.resolve("data")); Database database = Database.open(store.config(Map.of()));
        LogCapture log = LogCapture.cronbeat()) {
      Jdbc jdbc = new Jdbc(database.dataSource());
      JobTable jobs = TestJobs.declare(jdbc, dir, """
          jobs:
            tick: {schedule: "* * * * *", command: "true", catch-up: latest}
          """, declared);
      jobs.setPaused("tick", true, declared);
      SettableClock clock = new SettableClock(declared);
      RunService service = new RunService(jobs, Runs.of(jdbc).queue(), Runs.of(jdbc).history(), clock, 10);
      FiringHandler handler = new ResumeAfterPlan(new FiringRecorder(jobs, 10, () -> 0, () -> { }),
          () -> service.resume("tick"));
      try (QuartzEngine engine = new QuartzEngine(database, new QuartzEngine.Settings("test", "node-1", Duration.ofMinutes(5)),
          clock, handler)) {
        engine.schedule("tick", "* * * * *", "UTC");
        Instant due = engine.nextFireTime("tick").orElseThrow();
        clock.advance(Duration.between(clock.instant(), due.plus(Duration.ofMinutes(10)))); // no pass meanwhile: an outage

        engine.firePass(100);
      }

      // Once, and what the pass recorded: the job was running again, so the latest missed firing runs.
      assertThat(log.events()).extracting(e -> e.getFormattedMessage())
          .filteredOn(message -> message.startsWith("job=tick catching up after an outage")).singleElement().asString()
          .contains(", 1 to run, 10 missed (catch-up: latest)");
    }
  }
}
