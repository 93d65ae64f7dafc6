package io.cronbeat.view;

import io.cronbeat.text.Diagnostic;
import java.util.List;

/**
 * What {@code scheduler validate --json} found.
 *
 * @param valid no errors: a node would start on these files
 * @param files the job files read
 * @param jobs the jobs declared, when valid
 * @param errors every problem, each with its file, line, column, message and hint
 */
public record ValidationView(boolean valid, int files, List<ValidJob> jobs, List<Diagnostic> errors) {

  /**
   * One valid job.
   *
   * @param often how often it fires when that is more than once a minute, else null
   */
  public record ValidJob(String name, String file, int line, String schedule, String often) {}

  public ValidationView {
    jobs = List.copyOf(jobs);
    errors = List.copyOf(errors);
  }
}
