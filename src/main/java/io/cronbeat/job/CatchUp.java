package io.cronbeat.job;

/** What happens to firings missed while no node was running (or the job was paused). */
public enum CatchUp {
  /** Record them as MISSED; run none. */
  NONE,
  /** Run the most recent one; record the others as MISSED (the default). */
  LATEST,
  /** Run each one, up to a cap. */
  ALL
}
