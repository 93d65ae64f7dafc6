package io.cronbeat.run;

/** Why a run exists. */
public enum RunKind {
  /** A firing of the job's schedule. */
  SCHEDULED,
  /** A firing missed while no node ran, run late by the job's catch-up policy. */
  CATCH_UP,
  /** {@code scheduler trigger}. */
  MANUAL,
  /** {@code scheduler submit}: a one-off command. */
  SUBMITTED,
  /** Queued by the end of an upstream job's run (the job's {@code after:}). */
  CHAIN
}
