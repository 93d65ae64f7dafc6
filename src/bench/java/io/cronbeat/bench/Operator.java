package io.cronbeat.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs {@code bin/scheduler} as an operator does, with the JVM flags bin/scheduler chooses, and
 * times it from process start. Output goes to a log file per command in the scratch directory.
 */
final class Operator {

  private final Path scheduler;
  private final Map<String, String> env;
  private final Path dir;
  private int commands;

  Operator(Path root, Map<String, String> env, Path dir) {
    this.scheduler = root.resolve("bin/scheduler");
    this.env = env;
    this.dir = dir;
  }

  /** A finished command: seconds from start to exit, and its exit code. */
  record Timed(double seconds, int exit) {}

  Timed run(Duration timeout, String... args) throws IOException, InterruptedException, TimeoutException {
    Running running = start(List.of(), args);
    long start = running.startNanos;
    if (!running.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      running.process.destroyForcibly();
      throw new TimeoutException("bin/scheduler " + String.join(" ", args) + " took longer than " + timeout.toSeconds() + "s");
    }
    return new Timed((System.nanoTime() - start) / 1e9, running.process.exitValue());
  }

  /**
   * Starts {@code bin/scheduler args} and waits until it printed a line containing each of
   * {@code markers}; returns it running, with the time each was printed.
   */
  Running startUntil(List<String> markers, Duration timeout, String... args) throws Exception {
    Running running = start(markers, args);
    for (String marker : markers) {
      try {
        running.markers.get(marker).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        running.stop();
        throw new IOException("bin/scheduler " + String.join(" ", args) + " never printed '" + marker + "' (see "
            + running.log + ")", e);
      }
    }
    return running;
  }

  private Running start(List<String> markers, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(scheduler.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    Path log = dir.resolve("cli-" + (++commands) + "-" + args[0] + ".log");
    long start = System.nanoTime();
    Process process = builder.start();
    Running running = new Running(process, start, log, markers);
    Thread reader = new Thread(running::read, "bench-cli-output");
    reader.setDaemon(true);
    reader.start();
    return running;
  }

  /** A started command; its output is copied to its log as it comes. */
  static final class Running {
    final Process process;
    final long startNanos;
    final Path log;
    final Map<String, CompletableFuture<Long>> markers = new LinkedHashMap<>();

    Running(Process process, long startNanos, Path log, List<String> markers) {
      this.process = process;
      this.startNanos = startNanos;
      this.log = log;
      markers.forEach(m -> this.markers.put(m, new CompletableFuture<>()));
    }

    /** Seconds from process start until the first line containing {@code marker}. */
    double secondsTo(String marker) {
      return (markers.get(marker).join() - startNanos) / 1e9;
    }

    private void read() {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
          PrintWriter out = new PrintWriter(Files.newBufferedWriter(log))) {
        String line;
        while ((line = in.readLine()) != null) {
          long now = System.nanoTime();
          for (Map.Entry<String, CompletableFuture<Long>> marker : markers.entrySet()) {
            if (line.contains(marker.getKey())) {
              marker.getValue().complete(now);
            }
          }
          out.println(line);
        }
      } catch (IOException e) {
        markers.values().forEach(f -> f.completeExceptionally(e));
      }
      markers.values().forEach(f -> f.completeExceptionally(new IOException("the output ended")));
    }

    /** SIGTERM, as an operator stops a node; returns its exit code. */
    int stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
      return process.exitValue();
    }
  }
}
