package io.cronbeat.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One process to run.
 *
 * @param env added to the node's own environment
 * @param timeout how long it may run before its whole tree is stopped
 * @param log where its output goes (stdout and stderr interleaved)
 */
public record ProcessSpec(
    List<String> argv, Optional<Path> workdir, Map<String, String> env, Optional<Duration> timeout, Path log) {

  public ProcessSpec {
    argv = List.copyOf(argv);
    env = Map.copyOf(env);
  }
}
