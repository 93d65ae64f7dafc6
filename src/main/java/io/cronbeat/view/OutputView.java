package io.cronbeat.view;

/**
 * An attempt's captured output with what is known of the attempt, as {@code scheduler logs --json}
 * shows it.
 *
 * @param state the run's state
 * @param output the attempt's log file when this machine can read it, else the lines the store kept
 */
public record OutputView(long runId, String job, String state, AttemptView attempt, String output) {}
