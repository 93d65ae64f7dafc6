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
    Running running = start(null, args);
    long start = running.startNanos;
    if (!running.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      running.process.destroyForcibly();
      throw new TimeoutException("bin/scheduler " + String.join(" ", args) + " took longer than " + timeout.toSeconds() + "s");
    }
    return new Timed((System.nanoTime() - start) / 1e9, running.process.exitValue());
  }

  /**
   * Starts {@code bin/scheduler args} and waits until it prints a line containing {@code marker};
   * returns it running, with the seconds that took.
   */
  Running startUntil(String marker, Duration timeout, String... args) throws Exception {
    Running running = start(marker, args);
    try {
      running.markerNanos.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return running;
    } catch (Exception e) {
      running.stop();
      throw new IOException("bin/scheduler " + String.join(" ", args) + " never printed '" + marker + "' (see "
          + running.log + ")", e);
    }
  }

  private Running start(String marker, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(scheduler.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    Path log = dir.resolve("cli-" + (++commands) + "-" + args[0] + ".log");
    long start = System.nanoTime();
    Process process = builder.start();
    Running running = new Running(process, start, log);
    Thread reader = new Thread(() -> running.read(marker), "bench-cli-output");
    reader.setDaemon(true);
    reader.start();
    return running;
  }

  /** A started command; its output is copied to its log as it comes. */
  static final class Running {
    final Process process;
    final long startNanos;
    final Path log;
    final CompletableFuture<Long> markerNanos = new CompletableFuture<>();

    Running(Process process, long startNanos, Path log) {
      this.process = process;
      this.startNanos = startNanos;
      this.log = log;
    }

    double secondsToMarker() {
      return (markerNanos.join() - startNanos) / 1e9;
    }

    private void read(String marker) {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
          PrintWriter out = new PrintWriter(Files.newBufferedWriter(log))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (marker != null && !markerNanos.isDone() && line.contains(marker)) {
            markerNanos.complete(System.nanoTime());
          }
          out.println(line);
        }
      } catch (IOException e) {
        markerNanos.completeExceptionally(e);
      }
      markerNanos.completeExceptionally(new IOException("the output ended"));
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
