package io.cronbeat.exec;

/**
 * Carries out one attempt's work and reports how it ended. The process runner is the one users
 * declare; the benchmark swaps in {@link NoopExecutor} to measure the scheduler apart from
 * process start.
 */
public interface Executor {

  /**
   * Runs to the end on the calling thread; never throws for the work's own failures. Stop
   * requests arrive through {@code handle}.
   */
  ProcessResult run(ProcessSpec spec, ProcessRunner.Handle handle);
}
