package io.cronbeat.client;

import java.time.Instant;

/**
 * A run as the client reads it from {@code GET /api/runs/{id}}: the fields an application acts on.
 *
 * @param state QUEUED, RUNNING, or a final one: SUCCEEDED, FAILED, TIMED_OUT, SKIPPED, MISSED, CANCELLED
 * @param exitCode the last attempt's exit code, or null
 * @param reason why it failed or was stopped, or null
 */
public record RunResult(long id, String job, String state, Integer exitCode, String reason, int attemptCount,
    Instant finishedAt) {

  public boolean finished() {
    return !state.equals("QUEUED") && !state.equals("RUNNING");
  }

  public boolean succeeded() {
    return state.equals("SUCCEEDED");
  }
}
