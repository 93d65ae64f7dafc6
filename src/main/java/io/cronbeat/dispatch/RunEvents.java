package io.cronbeat.dispatch;

import io.cronbeat.run.Run;
import io.cronbeat.store.AttemptEnd;
import io.cronbeat.store.NewRun;
import io.cronbeat.store.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What this node did to runs, told after the store has it: the node's metrics listen. Each call
 * comes from the one place where that outcome is recorded, on the thread that recorded it, so an
 * implementation must be quick and must not throw.
 */
public interface RunEvents {

  /** Nobody listens. */
  RunEvents NONE = new RunEvents() {};

  /** Attempt {@code attempt} of {@code run} began on this node at {@code at}. */
  default void attemptStarted(Run run, int attempt, Instant at) {}

  /** An attempt's outcome and the run's next state are recorded; the work took {@code took}. */
  default void attemptRecorded(Run run, AttemptEnd end, Transition next, Duration took) {}

  /** A firing pass recorded these runs (QUEUED, or MISSED). */
  default void firingsRecorded(List<NewRun> runs) {}

  /** A run was recorded SKIPPED: the previous run of its job was still running (overlap: forbid). */
  default void skipped(Run run) {}

  /**
   * This node took over a run whose node went away: its attempt is recorded LOST, and the run
   * is queued again, or FAILED when {@code runFailed} (too many attempts lost).
   */
  default void recovered(Run run, boolean runFailed) {}

  /**
   * The watchdog looked at the watched jobs: each one, and whether it is overdue now. A job
   * missing from the map is no longer watched.
   */
  default void jobsWatched(Map<String, Boolean> overdue) {}
}
