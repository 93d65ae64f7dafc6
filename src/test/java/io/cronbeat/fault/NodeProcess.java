package io.cronbeat.fault;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code java -jar target/cronbeat.jar run} process, as an operator would start it, in a
 * session of its own (setsid), so that its process group is its pid and can be ended as a whole
 * without touching the test JVM. Closing it kills the node and everything left in its group.
 */
final class NodeProcess implements AutoCloseable {

  static final Path JAR = Path.of("target/cronbeat.jar").toAbsolutePath();
  /** Small heaps: up to four nodes share two cores and the memory with the rest of the build. */
  static final List<String> JAVA = List.of("java", "-Xmx256m", "-XX:+UseSerialGC");

  private final String name;
  private final Path log;
  private final Process process;

  private NodeProcess(String name, Path log, Process process) {
    this.name = name;
    this.log = log;
    this.process = process;
  }

  /**
   * Starts a node with exactly this environment (plus PATH and HOME), working in {@code dir} so
   * that no config/scheduler.yaml of the project is picked up. Its output goes to dir/NAME.log.
   */
  static NodeProcess start(String name, Path dir, Map<String, String> env) {
    List<String> command = new ArrayList<>(List.of("setsid"));
    command.addAll(JAVA);
    command.addAll(List.of("-jar", JAR.toString(), "run"));
    Path log = dir.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().keySet().removeIf(k -> k.startsWith("CRONBEAT_"));
    builder.environment().putAll(env);
    try {
      Files.createDirectories(dir);
      return new NodeProcess(name, log, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  String logText() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for the node's "started" line; dumps its log when it does not come or the node exits. */
  NodeProcess awaitStarted(Duration atMost) {
    try {
      await("node " + name + " started").atMost(atMost).pollInterval(Duration.ofMillis(200))
          .until(() -> logText().contains(" started: ") || !process.isAlive());
    } catch (RuntimeException e) {
      dumpLog();
      throw e;
    }
    if (!logText().contains(" started: ")) {
      dumpLog();
      throw new AssertionError("node " + name + " exited with " + process.exitValue() + " before it started");
    }
    return this;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the process to end; true when it did within the time. */
  boolean awaitExit(Duration atMost) {
    try {
      return process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  int exitValue() {
    return process.exitValue();
  }

  /** Freezes the node's JVM only: its jobs' processes go on, as when a machine stalls one process. */
  void sigstop() {
    ProcessGroups.signal("STOP", Long.toString(pid()));
  }

  void sigcont() {
    ProcessGroups.signal("CONT", Long.toString(pid()));
  }

  /** The node dies at once; what it started stays (its jobs are not signalled). */
  Instant sigkill() {
    ProcessGroups.signal("KILL", Long.toString(pid()));
    awaitExit(Duration.ofSeconds(10));
    return Instant.now();
  }

  Instant sigterm() {
    ProcessGroups.signal("TERM", Long.toString(pid()));
    return Instant.now();
  }

  /** Prints the end of the node's log (the whole of it can be tens of thousands of lines). */
  void dumpLog() {
    List<String> lines = logText().lines().toList();
    String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - DUMP_LINES), lines.size()));
    System.err.println("----- last " + DUMP_LINES + " lines of node " + name + " (" + log + ") -----\n" + tail
        + "\n----- end of " + name + " -----");
  }

  private static final int DUMP_LINES = 150;

  /** Kills the node and its own group; a stopped node is continued first so that it can die. */
  @Override
  public void close() {
    if (process.isAlive()) {
      ProcessGroups.signal("CONT", Long.toString(pid()));
    }
    ProcessGroups.kill(pid());
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(10));
  }
}
