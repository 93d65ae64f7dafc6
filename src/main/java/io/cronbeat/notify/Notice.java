package io.cronbeat.notify;

import io.cronbeat.job.Notify;
import java.time.Duration;
import java.time.Instant;

/**
 * What happened, as the hooks see it: a run's outcome, or a job's overdue episode beginning or ending.
 *
 * @param runId the run, or null for a notice about the job (overdue, and the recovery that ends it)
 * @param attempt the attempt that ended, or null
 * @param state the run's final state, or null for a notice about the job
 * @param duration how long the attempt ran, or null
 * @param scheduledAt the firing: the run's, or the one the job missed; null for a manual run
 * @param overdueSince when the firing's grace ran out (overdue notices only), else null
 * @param node the node that sends the notice
 */
public record Notice(Notify.Event event, String job, Long runId, Integer attempt, String state, Integer exitCode,
    Duration duration, String outputTail, Instant scheduledAt, Instant overdueSince, String node) {

  /** A notice about a job rather than a run: overdue, or the end of that. */
  public static Notice aboutJob(Notify.Event event, String job, Instant scheduledAt, Instant overdueSince, String node) {
    return new Notice(event, job, null, null, null, null, null, null, scheduledAt, overdueSince, node);
  }

  public Notice as(Notify.Event other) {
    return new Notice(other, job, runId, attempt, state, exitCode, duration, outputTail, scheduledAt, overdueSince, node);
  }
}
