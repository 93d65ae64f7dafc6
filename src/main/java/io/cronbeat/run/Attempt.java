package io.cronbeat.run;

import java.time.Instant;

/**
 * One try of a run: a process on a node.
 *
 * @param outcome null while it runs
 * @param outputTail the last lines of its output
 * @param reason why it failed or was stopped, in one line; null when it succeeded
 * @param cleanup what a node did about its processes after its own node was gone
 */
public record Attempt(
    long runId, int attempt, String nodeId, Instant startedAt, Instant finishedAt, AttemptOutcome outcome, Integer exitCode,
    String logPath, String outputTail, String reason, String cleanup) {}
