package io.cronbeat.exec;

/**
 * How a process ended.
 *
 * @param exitCode null when it never started or was stopped by us
 * @param detail one line for people: why it failed to start, or how it was stopped
 * @param tail the last lines of its output
 */
public record ProcessResult(Outcome outcome, Integer exitCode, String detail, String tail) {

  /** The ways a process ends. */
  public enum Outcome { SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, NOT_STARTED }
}
