package io.cronbeat.view;

import io.cronbeat.run.Attempt;
import io.cronbeat.run.AttemptOutcome;
import java.time.Instant;

/**
 * One attempt as the CLI's {@code --json}, the HTTP API and the webhook body show it. Its log
 * file's path stays out: it means something only on the node's machine.
 *
 * @param outcome null while it runs; printed as its name (SUCCEEDED, FAILED, TIMED_OUT, CANCELLED or LOST; UNKNOWN for one
 *     a newer cronbeat in the cluster wrote)
 * @param outputTail the last lines of its output
 */
public record AttemptView(int attempt, String node, Instant startedAt, Instant finishedAt, AttemptOutcome outcome,
    Integer exitCode, String reason, String outputTail) {

  public static AttemptView of(Attempt attempt) {
    return new AttemptView(attempt.attempt(), attempt.nodeId(), attempt.startedAt(), attempt.finishedAt(), attempt.outcome(),
        attempt.exitCode(), attempt.reason(), attempt.outputTail());
  }
}
