package io.cronbeat.store;

import io.cronbeat.job.JobLoader;
import io.cronbeat.run.JobSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Jobs declared into a test's store as a sync saves them: from YAML, loaded and saved at one instant. */
public final class TestJobs {

  private TestJobs() {}

  /**
   * Writes {@code yaml} to {@code dir/jobs.yaml}, loads it in UTC and saves its jobs as declared
   * at {@code declaredAt} (their watch starts there).
   *
   * @return the job table, on a clock fixed at {@code declaredAt}
   */
  public static JobTable declare(Jdbc jdbc, Path dir, String yaml, Instant declaredAt) throws IOException {
    Path file = Files.writeString(dir.resolve("jobs.yaml"), yaml);
    Clock declared = Clock.fixed(declaredAt, ZoneOffset.UTC);
    List<JobTable.Declared> specs = new JobLoader(ZoneOffset.UTC, declared).load(List.of(file)).jobs().stream()
        .map(job -> new JobTable.Declared(JobSpec.of(job), job.enabled())).toList();
    JobTable jobs = new JobTable(jdbc, declared);
    jobs.save(specs, List.of(), List.of());
    return jobs;
  }
}
