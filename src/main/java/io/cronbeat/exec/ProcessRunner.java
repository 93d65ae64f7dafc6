package io.cronbeat.exec;

import io.cronbeat.text.DurationText;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a command as a real process in a process group of its own: its own environment and
 * directory, no input, output to a capped log file, and on timeout or stop its whole tree
 * stopped. All of it happens on the calling thread; the runner starts no thread.
 */
public final class ProcessRunner implements Executor {

  private static final Logger log = LoggerFactory.getLogger(ProcessRunner.class);

  private final int maxOutputBytes;
  private final int tailLines;
  private final Duration killGrace;
  private final Launcher launcher;
  private final boolean outputToLog;

  public ProcessRunner(int maxOutputBytes, int tailLines, Duration killGrace) {
    this(maxOutputBytes, tailLines, killGrace, false);
  }

  /** @param outputToLog copy every output line to the node's log too ({@code log.job-output}) */
  public ProcessRunner(int maxOutputBytes, int tailLines, Duration killGrace, boolean outputToLog) {
    this.maxOutputBytes = maxOutputBytes;
    this.tailLines = tailLines;
    this.killGrace = killGrace;
    this.launcher = Launcher.find();
    this.outputToLog = outputToLog;
  }

  /** One run's link to the outside: who learns its process group, and who may ask it to stop. */
  public static final class Handle {
    private final Consumer<ProcessGroup> onStart;
    private volatile boolean stopRequested;

    /** For callers that neither record the process group nor stop the run. */
    public Handle() {
      this(group -> { });
    }

    /**
     * @param onStart called once, on the runner's thread, right after the process started and
     *     before its output is copied; if it throws, the process is stopped and the run CANCELLED
     */
    public Handle(Consumer<ProcessGroup> onStart) {
      this.onStart = Objects.requireNonNull(onStart);
    }

    /**
     * Asks the runner to stop the process tree (TERM, then KILL after the kill grace). Returns at
     * once; callable from any thread, more than once, before or after the start. The run ends
     * CANCELLED unless the process had already ended on its own.
     */
    public void stop() {
      stopRequested = true;
    }

    public boolean stopRequested() {
      return stopRequested;
    }
  }

  @Override
  public ProcessResult run(ProcessSpec spec, Handle handle) {
    ProcessBuilder builder = new ProcessBuilder()
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    spec.workdir().ifPresent(dir -> builder.directory(dir.toFile()));
    builder.environment().putAll(spec.env());
    Path workdir = spec.workdir().orElse(Path.of("").toAbsolutePath());
    // A plain string command skips /bin/sh, unless its program is missing: then the shell says so, as it always did.
    Optional<List<String>> direct = ShellFree.argv(spec.argv())
        .filter(words -> launcher.cannotRun(words, workdir, builder.environment()).isEmpty());
    List<String> command = direct.orElse(spec.argv());
    if (direct.isPresent() && spec.workdir().isPresent() && !spec.env().containsKey("PWD")) {
      physical(workdir).ifPresent(dir -> builder.environment().put("PWD", dir)); // what sh would have exported
    }
    builder.command(launcher.argv(command));
    Optional<String> cannotRun = direct.isPresent() ? Optional.empty()
        : launcher.cannotRun(command, workdir, builder.environment());
    if (cannotRun.isPresent()) {
      return notStarted("cannot start: " + cannotRun.get());
    }
    if (handle.stopRequested()) {
      return new ProcessResult(ProcessResult.Outcome.CANCELLED, null, "cancelled before it started", "");
    }
    OutputCapture capture;
    try {
      capture = OutputCapture.create(spec.log(), maxOutputBytes);
    } catch (IOException e) {
      return notStarted("cannot write its log " + spec.log() + ": " + e.getMessage());
    }
    if (outputToLog) {
      capture.copyingLinesToLog();
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      close(capture, spec.log());
      return notStarted("cannot start: " + e.getMessage());
    }
    ProcessGroup group = ProcessGroup.of(process.toHandle());
    started(handle, group);
    ProcessWatch watch = new ProcessWatch(process, group, capture, handle::stopRequested, killGrace);
    ProcessWatch.Ending ending = watch.watch(spec.timeout());
    close(capture, spec.log());
    // Reading the log back costs an open and a read per attempt; most short jobs write nothing.
    String tail = capture.empty() ? "" : OutputCapture.lastLines(spec.log(), tailLines);
    ProcessResult result = result(ending, process, spec, tail);
    if (watch.interrupted()) {
      Thread.currentThread().interrupt();
    }
    return result;
  }

  private static void started(Handle handle, ProcessGroup group) {
    try {
      handle.onStart.accept(group);
    } catch (RuntimeException e) {
      // Whoever wanted to know the group (to fence or recover it) does not: do not leave it running.
      log.warn("pgid={} stopping the process: recording its start failed: {}", group.pgid(), e.getMessage());
      handle.stop();
    }
  }

  private static ProcessResult result(ProcessWatch.Ending ending, Process process, ProcessSpec spec, String tail) {
    return switch (ending) {
      case TIMED_OUT -> new ProcessResult(ProcessResult.Outcome.TIMED_OUT, null,
          "timed out after " + DurationText.format(spec.timeout().orElseThrow()) + "; its process tree was stopped", tail);
      case CANCELLED -> new ProcessResult(ProcessResult.Outcome.CANCELLED, null,
          "cancelled; its process tree was stopped", tail);
      case SHUTDOWN -> new ProcessResult(ProcessResult.Outcome.CANCELLED, null, "stopped: the node is shutting down", tail);
      case EXITED -> {
        int exit = process.exitValue();
        yield new ProcessResult(exit == 0 ? ProcessResult.Outcome.SUCCEEDED : ProcessResult.Outcome.FAILED, exit,
            "exit " + exit, tail);
      }
    };
  }

  private static Optional<String> physical(Path dir) {
    try {
      return Optional.of(dir.toRealPath().toString());
    } catch (IOException e) {
      return Optional.empty(); // the start reports the missing directory
    }
  }

  private static ProcessResult notStarted(String detail) {
    return new ProcessResult(ProcessResult.Outcome.NOT_STARTED, null, detail, "");
  }

  private static void close(OutputCapture capture, Path logFile) {
    try {
      capture.close();
    } catch (IOException e) {
      log.warn("log={} cannot finish writing the log: {}", logFile, e.getMessage());
    }
  }
}
