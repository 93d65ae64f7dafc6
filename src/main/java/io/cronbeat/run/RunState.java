package io.cronbeat.run;

/** Where a run is in its life. The last five are final. */
public enum RunState {
  QUEUED, RUNNING, SUCCEEDED, FAILED, TIMED_OUT, SKIPPED, MISSED, CANCELLED;

  public boolean isFinal() {
    return this != QUEUED && this != RUNNING;
  }
}
