package io.cronbeat.run;

/** How an attempt ended. A run's state says where the run is; this says what became of one try of it. */
public enum AttemptOutcome {
  SUCCEEDED,
  FAILED,
  TIMED_OUT,
  CANCELLED,
  /** Its node died, stopped or lost its lease before the attempt ended: the run is queued again. */
  LOST,
  /**
   * Read only: an outcome a newer cronbeat wrote that this version does not know (a cluster in
   * the middle of an upgrade). Its history still reads; the attempt's reason says more.
   */
  UNKNOWN
}
