package io.cronbeat.bench;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.exec.Executor;
import io.cronbeat.exec.NoopExecutor;
import io.cronbeat.exec.ProcessResult;
import io.cronbeat.exec.ProcessRunner;
import io.cronbeat.exec.ProcessSpec;
import io.cronbeat.node.Node;
import java.time.Clock;

/** What a benchmark node does with an attempt. */
enum ExecutorMode {
  /** Every attempt succeeds at once in-process: the scheduler's own cost. */
  NOOP,
  /** Every attempt runs its job's command, as a user's node does. */
  PROCESS,
  /** Jobs named {@code noop-*} are no-ops, the others run their command: both kinds in one node. */
  MIXED;

  static final String NOOP_PREFIX = "noop-";

  Node start(CronbeatConfig config) {
    return switch (this) {
      case NOOP -> Node.start(config, Clock.systemUTC(), new NoopExecutor());
      case PROCESS -> Node.start(config, Clock.systemUTC());
      case MIXED -> Node.start(config, Clock.systemUTC(), new ByJob(config));
    };
  }

  /** Chooses by the job's name, which every attempt's environment carries. */
  private static final class ByJob implements Executor {
    private final Executor noop = new NoopExecutor();
    private final Executor processes;

    ByJob(CronbeatConfig config) {
      this.processes = new ProcessRunner(config.limits().outputMaxBytes(), config.limits().outputTailLines(),
          config.node().killGrace());
    }

    @Override
    public ProcessResult run(ProcessSpec spec, ProcessRunner.Handle handle) {
      String job = spec.env().getOrDefault("CRONBEAT_JOB", "");
      return (job.startsWith(NOOP_PREFIX) ? noop : processes).run(spec, handle);
    }
  }
}
