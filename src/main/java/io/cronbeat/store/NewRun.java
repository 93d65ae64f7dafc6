package io.cronbeat.store;

import io.cronbeat.run.RunKind;
import io.cronbeat.run.RunState;
import java.time.Instant;

/** A run a firing records: one (job, scheduled time), QUEUED to run or MISSED with a reason. */
public record NewRun(String job, RunKind kind, Instant scheduledAt, RunState state, Instant dueAt, int maxAttempts,
    String reason) {}
