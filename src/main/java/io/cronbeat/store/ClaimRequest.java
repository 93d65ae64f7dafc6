package io.cronbeat.store;

import io.cronbeat.job.ConcurrencyGroup;
import io.cronbeat.job.Overlap;
import io.cronbeat.run.Run;

/**
 * A run a node wants to claim, with the overlap rule it follows (allow for a submitted command),
 * the log file of the attempt it would open, and the concurrency group it counts in (null: none)
 * with the limit this node claims under.
 */
public record ClaimRequest(Run run, Overlap overlap, String logPath, ConcurrencyGroup group) {

  public ClaimRequest(Run run, Overlap overlap, String logPath) {
    this(run, overlap, logPath, null);
  }
}
