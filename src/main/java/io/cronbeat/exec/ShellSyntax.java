package io.cronbeat.exec;

import io.cronbeat.job.Command;
import io.cronbeat.job.ShellCheck;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code sh -n}: the job's shell reads a string command without running it. */
public final class ShellSyntax implements ShellCheck {

  private static final long LIMIT_SECONDS = 5;
  /** dash: "sh: 1: Syntax error: ..."; bash: "sh: -c: line 1: ...". */
  private static final Pattern WHERE = Pattern.compile("^.*?:(?: -c:)? (?:line )?(\\d+): (.*)$");

  @Override
  public Optional<String> problem(String script) {
    List<String> argv = new ArrayList<>(Command.shell(script).argv());
    argv.add(1, "-n");
    try {
      Process process = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectErrorStream(true).start();
      String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return Optional.empty(); // a shell that cannot decide in seconds is not a syntax error to report
      }
      if (process.exitValue() == 0) {
        return Optional.empty();
      }
      String first = said.lines().findFirst().orElse("exit " + process.exitValue());
      Matcher where = WHERE.matcher(first);
      String shell = argv.get(0);
      return Optional.of(where.matches()
          ? shell + " -n: line " + where.group(1) + " of the command: " + where.group(2)
          : shell + " -n: " + first);
    } catch (IOException e) {
      return Optional.empty(); // no shell here to ask: the node will say so when it runs the job
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
