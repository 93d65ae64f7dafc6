package io.cronbeat.job;

/** What happens when a job fires while its previous run is still running. */
public enum Overlap {
  /** Start the new run alongside the old one. */
  ALLOW,
  /** Record the new run as SKIPPED (the default). */
  FORBID,
  /** Kill the running one, then start the new run. */
  REPLACE
}
