package io.cronbeat.store;

import java.time.Instant;

/**
 * One run of a job: one firing (or manual trigger) with all its attempts.
 *
 * @param scheduledAt the fire time, for scheduled runs; null otherwise
 * @param attempts how many attempts have started
 * @param definition for a triggered or submitted run, the {@link JobSpec} (JSON) it runs; else null
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
    String definition) {}
