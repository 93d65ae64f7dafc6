package io.cronbeat.store;

/** Why a run exists. */
public enum RunKind {
  /** A firing of the job's schedule. */
  SCHEDULED,
  /** {@code scheduler trigger}. */
  MANUAL,
  /** {@code scheduler submit}: a one-off command. */
  SUBMITTED
}
