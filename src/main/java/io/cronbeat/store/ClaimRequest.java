package io.cronbeat.store;

import io.cronbeat.job.Overlap;

/**
 * A run a node wants to claim, with the overlap rule it follows (allow for a submitted command)
 * and the log file of the attempt it would open.
 */
public record ClaimRequest(Run run, Overlap overlap, String logPath) {}
