package io.cronbeat.store;

/** Why a run exists. */
public enum RunKind {
  /** A firing of the job's schedule. */
  SCHEDULED,
  /** A firing missed while no node ran, run late by the job's catch-up policy. */
  CATCH_UP,
  /** {@code scheduler trigger}. */
  MANUAL,
  /** {@code scheduler submit}: a one-off command. */
  SUBMITTED
}
