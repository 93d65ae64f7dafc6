package io.cronbeat.exec;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one started process on the calling thread, with no thread of its own: copies its
 * output, checks the timeout and stop requests, and steps a {@link TreeStop} when one is under
 * way. It never blocks in read(): it reads only what is available and otherwise waits for the
 * process to exit for a short, growing pause, so a stop request or a deadline is seen within
 * 50 ms and an escaped child holding the pipe can never hold the attempt.
 */
final class ProcessWatch {

  /** How a watched process ended. */
  enum Ending { EXITED, TIMED_OUT, CANCELLED, SHUTDOWN }

  private static final Logger log = LoggerFactory.getLogger(ProcessWatch.class);
  private static final long MAX_PAUSE_MILLIS = 50;
  /** Output still read after the process ended: more than a pipe holds, less than forever. */
  private static final long DRAIN_LIMIT = 1 << 20;

  private final Process process;
  private final ProcessGroup group;
  private final BooleanSupplier stopRequested;
  private final Duration killGrace;
  private final InputStream output;
  /** 16 KiB: a pipe's worth in a few reads; allocated at the first output, as many jobs write none. */
  private byte[] buffer;
  private OutputCapture capture;
  private boolean outputOpen = true;
  private boolean interrupted;

  ProcessWatch(Process process, ProcessGroup group, OutputCapture capture, BooleanSupplier stopRequested,
      Duration killGrace) {
    this.process = process;
    this.group = group;
    this.capture = capture;
    this.stopRequested = stopRequested;
    this.killGrace = killGrace;
    this.output = process.getInputStream();
  }

  /** Returns when the process has ended, and, if we stopped it, its tree too (or KILL was sent). */
  Ending watch(Optional<Duration> timeout) {
    long started = System.nanoTime();
    Ending ending = Ending.EXITED;
    TreeStop stop = null;
    boolean exited = false;
    long pause = 1;
    while (true) {
      boolean copied = copyAvailable() > 0;
      exited = exited || !process.isAlive();
      long now = System.nanoTime();
      if (!exited && stop == null) {
        ending = reasonToStop(timeout, now - started);
        if (ending != Ending.EXITED) {
          log.info("pgid={} stopping its process tree ({}): TERM now, KILL after {} ms", group.pgid(),
              ending.name().toLowerCase(Locale.ROOT), killGrace.toMillis());
          stop = TreeStop.begin(group, process.toHandle(), killGrace, now);
        }
      }
      if (stop != null) {
        stop.step(now);
      }
      if (exited && (stop == null || stop.finished(now))) {
        break;
      }
      if (copied) {
        pause = 1;
        continue;
      }
      pause(exited, pause);
      pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
    }
    finishOutput();
    return ending;
  }

  /** Whether the watching thread was interrupted; the runner sets the flag again once the log is closed. */
  boolean interrupted() {
    return interrupted;
  }

  private Ending reasonToStop(Optional<Duration> timeout, long elapsed) {
    interrupted |= Thread.interrupted();
    if (interrupted) {
      return Ending.SHUTDOWN;
    }
    if (stopRequested.getAsBoolean()) {
      return Ending.CANCELLED;
    }
    if (timeout.isPresent() && elapsed >= timeout.get().toNanos()) {
      return Ending.TIMED_OUT;
    }
    return Ending.EXITED;
  }

  private void pause(boolean exited, long millis) {
    try {
      if (exited) {
        // Waiting for the rest of a stopped tree to go; there is no process of ours to wait for.
        Thread.sleep(millis);
      } else {
        process.waitFor(millis, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      interrupted = true;
    }
  }

  /**
   * The main process has ended, so the attempt has: read what is still in the pipe and close it.
   * A child that escaped (setsid, double fork) and still holds the pipe is abandoned here: what it
   * writes from now on is not captured, and we never wait for it to close the pipe.
   */
  private void finishOutput() {
    long drained = 0;
    int read;
    while (drained < DRAIN_LIMIT && (read = copyAvailable()) > 0) {
      drained += read;
    }
    try {
      output.close();
    } catch (IOException ignored) {
      // Nothing more to read either way.
    }
  }

  /** Reads what is available without blocking; the number of bytes read. */
  private int copyAvailable() {
    if (!outputOpen) {
      return 0;
    }
    int read;
    try {
      int available = output.available();
      if (available <= 0) {
        return 0;
      }
      if (buffer == null) {
        buffer = new byte[16 * 1024];
      }
      read = output.read(buffer, 0, Math.min(available, buffer.length));
    } catch (IOException e) {
      outputOpen = false;
      return 0;
    }
    if (read < 0) {
      outputOpen = false;
      return 0;
    }
    keep(read);
    return read;
  }

  private void keep(int read) {
    if (capture == null) {
      return;
    }
    try {
      capture.write(buffer, 0, read);
    } catch (IOException e) {
      // Keep reading and dropping, so the process never blocks on a full pipe.
      log.warn("pgid={} cannot write its log any more, the rest of its output is dropped: {}", group.pgid(),
          e.getMessage());
      capture = null;
    }
  }
}
