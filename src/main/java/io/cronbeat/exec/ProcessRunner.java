package io.cronbeat.exec;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a command as a real process: its own environment and directory, no input, output to a
 * capped log file, and on timeout or cancellation its whole process tree stopped.
 */
public final class ProcessRunner {

  private final int maxOutputBytes;
  private final int tailLines;
  private final Duration killGrace;

  public ProcessRunner(int maxOutputBytes, int tailLines, Duration killGrace) {
    this.maxOutputBytes = maxOutputBytes;
    this.tailLines = tailLines;
    this.killGrace = killGrace;
  }

  /** A running process that can be stopped from another thread. */
  public static final class Handle {
    private final AtomicReference<Process> process = new AtomicReference<>();
    private volatile boolean cancelled;
    private volatile Duration grace = Duration.ofSeconds(10);
    private final java.util.function.Consumer<ProcessGroup> onStart;

    public Handle() {
      this(group -> { });
    }

    public Handle(java.util.function.Consumer<ProcessGroup> onStart) {
      this.onStart = onStart;
    }

    public void stop() {
      Thread t = new Thread(this::cancel);
      t.setDaemon(true);
      t.start();
    }

    public boolean stopRequested() {
      return cancelled;
    }

    /** Stops the process tree (TERM, then KILL after the grace period); the run ends CANCELLED. */
    public void cancel() {
      cancelled = true;
      Process running = process.get();
      if (running != null) {
        ProcessTree.stop(running, grace);
      }
    }
  }

  /** Runs to the end; never throws for the command's own failures. */
  public ProcessResult run(ProcessSpec spec, Handle handle) {
    ProcessBuilder builder = new ProcessBuilder(spec.argv())
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    spec.workdir().ifPresent(dir -> builder.directory(dir.toFile()));
    builder.environment().putAll(spec.env());
    handle.grace = killGrace;
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return new ProcessResult(ProcessResult.Outcome.NOT_STARTED, null, "cannot start: " + e.getMessage(), "");
    }
    handle.process.set(process);
    handle.onStart.accept(ProcessGroup.of(process.toHandle()));
    if (handle.cancelled) {
      ProcessTree.stop(process, killGrace);
    }
    CompletableFuture<Void> output = CompletableFuture.runAsync(() -> {
      try {
        new OutputCapture(spec.log(), maxOutputBytes).copy(process.getInputStream());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    boolean timedOut = false;
    try {
      if (spec.timeout().isPresent()) {
        timedOut = !process.waitFor(spec.timeout().get().toMillis(), TimeUnit.MILLISECONDS);
        if (timedOut) {
          ProcessTree.stop(process, killGrace);
        }
      }
      process.waitFor();
      // Output ends when the last process holding the pipe is gone; the tree was stopped if needed.
      output.get(killGrace.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      ProcessTree.stop(process, killGrace);
      Thread.currentThread().interrupt();
      return new ProcessResult(ProcessResult.Outcome.CANCELLED, null, "stopped: the node is shutting down",
          OutputCapture.lastLines(spec.log(), tailLines));
    } catch (ExecutionException | TimeoutException e) {
      // The output could not be copied in full; the outcome below still stands.
    }
    String tail = OutputCapture.lastLines(spec.log(), tailLines);
    if (timedOut) {
      return new ProcessResult(ProcessResult.Outcome.TIMED_OUT, null,
          "timed out after " + io.cronbeat.timing.DurationText.format(spec.timeout().get()) + "; its process tree was stopped", tail);
    }
    if (handle.cancelled) {
      return new ProcessResult(ProcessResult.Outcome.CANCELLED, null, "cancelled; its process tree was stopped", tail);
    }
    int exit = process.exitValue();
    return new ProcessResult(exit == 0 ? ProcessResult.Outcome.SUCCEEDED : ProcessResult.Outcome.FAILED, exit,
        exit == 0 ? "exit 0" : "exit " + exit, tail);
  }
}
