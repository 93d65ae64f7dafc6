package io.cronbeat.store;

import io.cronbeat.run.RunState;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** What becomes of a run when its owner's attempt ends. */
public sealed interface Transition {

  /** The SET clause of the run's row for this transition. */
  String assignments();

  /** The values of {@link #assignments()}' parameters, in order. */
  List<Object> values();

  /** The run is over. */
  record Finish(RunState state, Integer exitCode, Instant at, String reason) implements Transition {
    @Override
    public String assignments() {
      return "state = ?, exit_code = ?, finished_at = ?, reason = ?, node_id = NULL, lease_until = NULL";
    }

    @Override
    public List<Object> values() {
      return Arrays.asList(state.name(), exitCode, at.toEpochMilli(), reason);
    }
  }

  /**
   * The run goes back to the queue for another attempt, for any node.
   *
   * @param lost the attempt was lost with its node (stopped, cut off): it uses up no retry
   */
  record Requeue(Instant dueAt, Integer exitCode, String reason, boolean lost) implements Transition {
    @Override
    public String assignments() {
      return "state = 'QUEUED', due_at = ?, exit_code = ?, reason = ?, lost_attempts = lost_attempts + ?,"
          + " node_id = NULL, lease_until = NULL";
    }

    @Override
    public List<Object> values() {
      return Arrays.asList(dueAt.toEpochMilli(), exitCode, reason, lost ? 1 : 0);
    }
  }

  /** The run was stopped on request; a reason given with the request is kept. */
  record Cancelled(Instant at, String detail) implements Transition {
    @Override
    public String assignments() {
      return "state = 'CANCELLED', finished_at = ?, reason = COALESCE(reason, ?), node_id = NULL, lease_until = NULL";
    }

    @Override
    public List<Object> values() {
      return Arrays.asList(at.toEpochMilli(), detail);
    }
  }
}
