package io.cronbeat.store;

/**
 * What came of trying to start a due run.
 *
 * @param attempt the number of the attempt to start, when {@link Result#CLAIMED}
 */
public record Claim(Result result, int attempt, long blockingRun) {

  /** The possible outcomes. */
  public enum Result {
    /** This node runs it now. */
    CLAIMED,
    /** Another node claimed it first. */
    TAKEN,
    /** overlap: forbid, and a previous run is still running: recorded as SKIPPED. */
    SKIPPED,
    /** overlap: replace: the running one was asked to stop; or a catch-up run waits its turn. */
    WAITING,
    /**
     * Not due yet, and a run of its job is running: nothing is decided before its time (the
     * running one may end first), so it stays queued for a claim at its due time.
     */
    NOT_YET,
    /** Its concurrency group has as many runs running as its limit allows: it stays queued. */
    GROUP_FULL
  }

  static Claim of(Result result) {
    return new Claim(result, 0, 0);
  }
}
