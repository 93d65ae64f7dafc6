package io.cronbeat.dispatch;

import io.cronbeat.run.Attempt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where an attempt's output is: its log file when this machine can read it (the node that ran it
 * wrote it there), else the last lines the store kept.
 */
public final class AttemptOutput {

  private AttemptOutput() {}

  /** The attempt's log file, when this machine can read it. */
  public static Optional<Path> readableLog(Attempt attempt) {
    return Optional.ofNullable(attempt.logPath()).map(Path::of).filter(Files::isReadable);
  }

  /** The lines the store kept, each ended by a newline; empty when it kept none. */
  public static String kept(Attempt attempt) {
    return attempt.outputTail() == null || attempt.outputTail().isEmpty() ? "" : attempt.outputTail() + "\n";
  }

  /** The whole output: the log file, or the kept lines when it cannot be read. */
  static String read(Attempt attempt) {
    Optional<Path> log = readableLog(attempt);
    if (log.isPresent()) {
      try {
        return Files.readString(log.get());
      } catch (IOException e) {
        // fall back to the kept lines
      }
    }
    return kept(attempt);
  }
}
