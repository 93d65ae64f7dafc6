package io.cronbeat.job;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code SHELL -n -c SCRIPT}: the shell that will run a string command reads it without running
 * it, and what it objects to is what it would object to at the first firing. {@code validate}
 * asks it of every string command ({@code /bin/sh}); {@code import-crontab} of every converted
 * line, with the crontab's {@code SHELL}.
 */
public final class ShellSyntax implements ShellCheck {

  /** A shell that cannot decide in this long has not found a syntax error to report. */
  private static final long LIMIT_SECONDS = 10;
  /** dash: "sh: 1: Syntax error: ..."; bash: "bash: -c: line 1: ...". */
  private static final Pattern WHERE = Pattern.compile("^.*?:(?: -c:)? (?:line )?(\\d+): (.*)$");

  /**
   * What the shell said.
   *
   * @param line the line of the script it names, or null when it names none
   * @param message its complaint without its own name and the line
   * @param said the first line it printed, as printed
   */
  public record Complaint(Integer line, String message, String said) {}

  private final String shell;

  /** The shell of string commands, {@code /bin/sh}. */
  public ShellSyntax() {
    this(Command.shell("").argv().get(0));
  }

  public ShellSyntax(String shell) {
    this.shell = shell;
  }

  /** True when the shell can be asked here: an executable file. */
  public boolean available() {
    return Files.isExecutable(Path.of(shell));
  }

  @Override
  public Optional<String> problem(String script) {
    return complaint(script).map(said -> said.line() != null
        ? shell + " -n: line " + said.line() + " of the command: " + said.message()
        : shell + " -n: " + said.said());
  }

  /** The shell's complaint about {@code script}; empty when it reads it, or cannot be asked. */
  public Optional<Complaint> complaint(String script) {
    try {
      Process process = new ProcessBuilder(List.of(shell, "-n", "-c", script))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectErrorStream(true).start();
      String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return Optional.empty();
      }
      if (process.exitValue() == 0) {
        return Optional.empty();
      }
      String first = said.lines().filter(line -> !line.isBlank()).findFirst().orElse("exit " + process.exitValue());
      Matcher where = WHERE.matcher(first);
      return Optional.of(where.matches()
          ? new Complaint(Integer.parseInt(where.group(1)), where.group(2).strip(), first)
          : new Complaint(null, first.replaceFirst("^[^:]*: (-c: )?", "").strip(), first));
    } catch (IOException e) {
      return Optional.empty(); // no shell here to ask: the node will say so when it runs the job
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
