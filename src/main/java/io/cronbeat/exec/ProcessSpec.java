package io.cronbeat.exec;

import io.cronbeat.job.HttpCall;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One attempt's work: a process to run, or, for an HTTP job, a request to make.
 *
 * @param argv the command; empty for an HTTP job
 * @param env added to the node's own environment; for an HTTP job, where its placeholders are looked up first
 * @param timeout how long it may run before its whole tree is stopped
 * @param log where its output goes (stdout and stderr interleaved; the status line and body of a response)
 * @param http the request of an HTTP job
 */
public record ProcessSpec(List<String> argv, Optional<Path> workdir, Map<String, String> env, Optional<Duration> timeout,
    Path log, Optional<HttpCall> http) {

  public ProcessSpec {
    argv = List.copyOf(argv);
    env = Map.copyOf(env);
  }

  /** A process to run. */
  public ProcessSpec(List<String> argv, Optional<Path> workdir, Map<String, String> env, Optional<Duration> timeout, Path log) {
    this(argv, workdir, env, timeout, log, Optional.empty());
  }

  /** The command and env names only: env values are often secrets. */
  @Override
  public String toString() {
    return "ProcessSpec[" + http.map(HttpCall::toString).orElse(argv.toString()) + ", env=" + new TreeSet<>(env.keySet()) + "]";
  }
}
