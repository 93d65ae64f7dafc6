package io.cronbeat.exec;

/**
 * Succeeds at once without starting anything or writing output: the benchmark's executor, so
 * that a drain measures firing, queueing, claiming and recording alone. Not something a job can
 * declare.
 */
public final class NoopExecutor implements Executor {

  @Override
  public ProcessResult run(ProcessSpec spec, ProcessRunner.Handle handle) {
    if (handle.stopRequested()) {
      return new ProcessResult(ProcessResult.Outcome.CANCELLED, null, "cancelled before it started", "");
    }
    return new ProcessResult(ProcessResult.Outcome.SUCCEEDED, 0, "no-op", "");
  }
}
