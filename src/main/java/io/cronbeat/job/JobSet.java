package io.cronbeat.job;

import io.cronbeat.text.Diagnostic;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of loading job files: the jobs, or the reasons they cannot be used. A set with
 * any diagnostic must not replace the jobs that are running.
 *
 * @param files how many files were read
 */
public record JobSet(List<JobDefinition> jobs, List<Diagnostic> diagnostics, int files) {

  public JobSet {
    jobs = List.copyOf(jobs);
    diagnostics = List.copyOf(diagnostics);
  }

  public boolean valid() {
    return diagnostics.isEmpty();
  }

  public Optional<JobDefinition> job(String name) {
    return jobs.stream().filter(job -> job.name().equals(name)).findFirst();
  }
}
