package io.cronbeat.view;

import io.cronbeat.run.Run;
import java.time.Instant;

/**
 * One of a job's newest runs, as much as a strip of coloured marks needs: which run, how it
 * stands, and when.
 *
 * @param scheduledAt its fire time; null for a triggered run
 * @param finishedAt null while it is queued or running
 */
public record RecentRun(long id, String state, Instant scheduledAt, Instant startedAt, Instant finishedAt) {

  public static RecentRun of(Run run) {
    return new RecentRun(run.id(), run.state().name(), run.scheduledAt(), run.startedAt(), run.finishedAt());
  }
}
