package io.cronbeat.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Nodes as separate JVMs ({@link NodeProcess} on the benchmark's class path), as a cluster runs
 * them: each its own heap, pool, Quartz and executor threads. Their logs go to the database's
 * scratch directory.
 */
final class NodeProcesses implements Nodes {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

  private final List<Process> processes;

  private NodeProcesses(List<Process> processes) {
    this.processes = processes;
  }

  static NodeProcesses start(int count, ExecutorMode mode, Map<String, String> env, Path logDir) throws IOException {
    List<Process> started = new ArrayList<>();
    NodeProcesses nodes = new NodeProcesses(started);
    try {
      for (int i = 0; i < count; i++) {
        ProcessBuilder builder = new ProcessBuilder(javaCommand(mode));
        builder.environment().putAll(env);
        builder.redirectError(logDir.resolve("node-" + i + ".log").toFile());
        started.add(builder.start());
      }
      for (Process process : started) {
        awaitReady(process);
      }
      return nodes;
    } catch (IOException | RuntimeException e) {
      nodes.close();
      throw e;
    }
  }

  private static List<String> javaCommand(ExecutorMode mode) {
    String java = ProcessHandle.current().info().command().orElse("java");
    // The JVM options bin/scheduler gives a node (see its comment), so that these nodes are what users run.
    List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-Xms64m", "-Xmx256m",
        "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path")));
    for (String property : List.of("logback.configurationFile", "h2.bindAddress")) {
      if (System.getProperty(property) != null) {
        command.add("-D" + property + "=" + System.getProperty(property));
      }
    }
    command.addAll(List.of(NodeProcess.class.getName(), mode.name()));
    return command;
  }

  /** A node prints "ready" once it fires and claims; a node that dies first fails the measurement. */
  private static void awaitReady(Process process) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("ready")) {
        return;
      }
      if (System.nanoTime() > deadline) {
        break;
      }
    }
    throw new IOException("a node process did not start (exit " + (process.isAlive() ? "none yet" : process.exitValue())
        + "); see its log in the benchmark's scratch directory");
  }

  @Override
  public String how() {
    return "processes";
  }

  /** Not reachable from here: the node processes see due runs at their next node.poll. */
  @Override
  public void wake() {
  }

  /** SIGTERM, as an operator stops a node; SIGKILL only for one that does not stop in time. */
  @Override
  public void close() {
    processes.forEach(Process::destroy);
    for (Process process : processes) {
      try {
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
