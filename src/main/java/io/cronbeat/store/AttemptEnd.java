package io.cronbeat.store;

import java.time.Instant;

/**
 * How an attempt ended, as its history row keeps it.
 *
 * @param outcome SUCCEEDED, FAILED, TIMED_OUT, CANCELLED or LOST
 * @param reason one line for people: why it failed, or why it was stopped; null when it succeeded
 */
public record AttemptEnd(Instant at, String outcome, Integer exitCode, String tail, String reason) {}
