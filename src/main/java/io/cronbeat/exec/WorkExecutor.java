package io.cronbeat.exec;

/** The executor of declared jobs: an HTTP job's request, any other job's process. */
public final class WorkExecutor implements Executor {

  private final Executor processes;
  private final Executor requests;

  public WorkExecutor(Executor processes, Executor requests) {
    this.processes = processes;
    this.requests = requests;
  }

  @Override
  public ProcessResult run(ProcessSpec spec, ProcessRunner.Handle handle) {
    return spec.http().isPresent() ? requests.run(spec, handle) : processes.run(spec, handle);
  }
}
