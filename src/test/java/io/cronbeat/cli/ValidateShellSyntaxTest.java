package io.cronbeat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 10 item 5: validate asks the job's shell to read every string command. */
class ValidateShellSyntaxTest {

  @TempDir Path dir;

  @Test
  void aShellSyntaxErrorIsReportedAtTheCommandValueWithTheShellsMessage() throws IOException {
    Path file = dir.resolve("jobs.yaml");
    Files.writeString(file, """
        jobs:
          fine:
            command: echo "hello" > /dev/null
          unterminated:
            command: echo "unterminated
          unfinished:
            schedule: '@daily'
            command: |
              if test -f /tmp/flag; then
                echo yes
          listed:
            command: ["echo", "a \\"quote"]
        """);

    CliRun run = CliRun.of("validate", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("""
        %1$s:5:14: error: command is not valid shell: /bin/sh -n: line 1 of the command: Syntax error: Unterminated quoted string
          hint: fix the quoting or the unfinished construct; or write the command as a list, which no shell reads
        %1$s:8:14: error: command is not valid shell: /bin/sh -n: line 3 of the command: Syntax error: end of file unexpected (expecting "fi")
          hint: fix the quoting or the unfinished construct; or write the command as a list, which no shell reads
        2 errors in 1 file
        """.formatted(file));
  }

  @Test
  void theNodesOwnLoadingRunsNoShell() throws IOException {
    Path file = dir.resolve("jobs.yaml");
    Files.writeString(file, "jobs:\n  unterminated:\n    command: echo \"unterminated\n");

    CliRun next = CliRun.of("next", "unterminated", "--schedules", file.toString());

    assertThat(next.exitCode()).as("only validate asks the shell").isZero();
  }
}
