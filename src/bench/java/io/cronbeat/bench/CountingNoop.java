package io.cronbeat.bench;

import io.cronbeat.exec.Executor;
import io.cronbeat.exec.NoopExecutor;
import io.cronbeat.exec.ProcessResult;
import io.cronbeat.exec.ProcessRunner;
import io.cronbeat.exec.ProcessSpec;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The no-op executor, counting the attempts it carried out: an in-JVM drain watches this count
 * as db-scheduler's drain watches its task's, instead of asking the store every few
 * milliseconds while the node works on the same store.
 */
final class CountingNoop implements Executor {

  private final Executor noop = new NoopExecutor();
  private final AtomicInteger executed;

  CountingNoop(AtomicInteger executed) {
    this.executed = executed;
  }

  @Override
  public ProcessResult run(ProcessSpec spec, ProcessRunner.Handle handle) {
    ProcessResult result = noop.run(spec, handle);
    executed.incrementAndGet();
    return result;
  }
}
