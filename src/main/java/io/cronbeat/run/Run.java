package io.cronbeat.run;

import java.time.Instant;

/**
 * One run of a job: one firing (or manual trigger) with all its attempts.
 *
 * @param scheduledAt the fire time, for scheduled runs; null otherwise
 * @param attempts how many attempts have started
 * @param definition for a triggered or submitted run, the {@link JobSpec} (JSON) it runs; else null
 * @param lostAttempts attempts lost with their node: they do not use up the job's retries
 * @param upstreamRunId for a run a chain queued, the upstream run whose end queued it; else null
 */
public record Run(
    long id,
    String job,
    RunKind kind,
    Instant scheduledAt,
    RunState state,
    Instant dueAt,
    int attempts,
    int maxAttempts,
    String nodeId,
    Instant startedAt,
    Instant finishedAt,
    Integer exitCode,
    String reason,
    String definition,
    int lostAttempts,
    Long upstreamRunId) {

  /** A run no chain queued. */
  public Run(long id, String job, RunKind kind, Instant scheduledAt, RunState state, Instant dueAt, int attempts,
      int maxAttempts, String nodeId, Instant startedAt, Instant finishedAt, Integer exitCode, String reason, String definition,
      int lostAttempts) {
    this(id, job, kind, scheduledAt, state, dueAt, attempts, maxAttempts, nodeId, startedAt, finishedAt, exitCode, reason,
        definition, lostAttempts, null);
  }

  /** How many attempts this run may have: its retries plus one for each attempt lost with its node. */
  public int attemptLimit() {
    return maxAttempts + lostAttempts;
  }

  /** The same run without its definition, for listings. */
  public Run withoutDefinition() {
    return new Run(id, job, kind, scheduledAt, state, dueAt, attempts, maxAttempts, nodeId, startedAt, finishedAt, exitCode,
        reason, null, lostAttempts, upstreamRunId);
  }
}
