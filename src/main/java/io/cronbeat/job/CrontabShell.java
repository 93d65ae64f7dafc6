package io.cronbeat.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The crontab's SHELL asked for its own syntax check ({@code sh -n}, {@code bash -n}) of a command: nothing is run,
 * and what the shell objects to is what it would have objected to at the first firing.
 */
final class CrontabShell {

  private static final long TIMEOUT_SECONDS = 10;

  private CrontabShell() {}

  /** True when {@code shell} can check syntax here: an executable file. */
  static boolean available(String shell) {
    return Files.isExecutable(Path.of(shell));
  }

  /**
   * @return the shell's complaint without its name and line prefix, or empty when the script parses
   */
  static Optional<String> check(String shell, String script) {
    try {
      Process process = new ProcessBuilder(List.of(shell, "-n", "-c", script))
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return Optional.of(shell + " -n did not answer within " + TIMEOUT_SECONDS + "s");
      }
      if (process.exitValue() == 0) {
        return Optional.empty();
      }
      String first = errors.lines().filter(line -> !line.isBlank()).findFirst().orElse("exit " + process.exitValue());
      return Optional.of(first.replaceFirst("^[^:]*: (-c: )?(line \\d+: |\\d+: )?", "").strip());
    } catch (IOException e) {
      return Optional.of("cannot run " + shell + " -n: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of(shell + " -n was interrupted");
    }
  }
}
