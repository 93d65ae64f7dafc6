package io.cronbeat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Black-box: {@code bin/scheduler} as a user runs it, a real process on the packaged jar. */
class SchedulerScriptIT {

  private static final Path INVALID = Path.of("src/test/resources/jobs/invalid");

  record Result(int exitCode, String out, String err) {}

  private static Result scheduler(String... args) throws IOException, InterruptedException {
    return scheduler(Path.of(""), args);
  }

  /** @param cwd the directory it runs in */
  private static Result scheduler(Path cwd, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of("bin/scheduler").toAbsolutePath().toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("scheduler", ".out");
    Path err = Files.createTempFile("scheduler", ".err");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
        .directory(cwd.toAbsolutePath().toFile());
    builder.environment().put("CRONBEAT_TIMEZONE", "UTC");
    builder.environment().remove("CRONBEAT_SCHEDULES");
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("bin/scheduler " + String.join(" ", args) + " did not finish in 120 s");
    }
    try {
      return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.delete(out);
      Files.delete(err);
    }
  }

  @Test
  void validatesTheShippedExampleSchedules() throws Exception {
    Result result = scheduler("validate");

    assertThat(result.exitCode()).isEqualTo(0);
    assertThat(result.out()).isEqualTo("OK: 4 jobs in 4 files; heartbeat fires every 30 seconds\n");
  }

  @Test
  void fromAnotherDirectoryItReadsTheInstallationsJobsAndCreatesNoStoreThere() throws Exception {
    Path elsewhere = Files.createTempDirectory("elsewhere");

    Result validate = scheduler(elsewhere, "validate");
    Result next = scheduler(elsewhere, "next", "nightly-backup", "-n", "1", "--from", "2026-11-23T12:00:00Z");

    assertThat(validate.out()).isEqualTo("OK: 4 jobs in 4 files; heartbeat fires every 30 seconds\n");
    assertThat(next.out()).isEqualTo("2026-11-24T02:30:00Z\n");
    try (var left = Files.list(elsewhere)) {
      assertThat(left).as("nothing created in the current directory").isEmpty();
    }
  }

  @Test
  void validateOnABrokenFilePrintsItsDiagnosticsAndExitsTwo() throws Exception {
    Path fixture = INVALID.resolve("bad-cron-field.yaml");
    String expected = Files.readString(INVALID.resolve("bad-cron-field.expected"), StandardCharsets.UTF_8)
        .replace("bad-cron-field.yaml:", fixture + ":");

    Result result = scheduler("validate", fixture.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).isEqualTo(expected + "6 errors in 1 file\n");
  }

  @Test
  void validateOfHostileYamlEndsWithoutAStackTrace() throws Exception {
    Result result = scheduler("validate", INVALID.resolve("billion-laughs.yaml").toString(),
        INVALID.resolve("deep-nesting.yaml").toString(), INVALID.resolve("type-tag.yaml").toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).endsWith("3 errors in 3 files\n").doesNotContain("Exception");
  }

  @Test
  void nextPrintsFireTimes() throws Exception {
    Result result = scheduler("next", "--cron", "30 1 * * *", "--tz", "America/New_York", "-n", "2",
        "--from", "2026-11-01T01:10:00-05:00");

    assertThat(result.exitCode()).isEqualTo(0);
    assertThat(result.out()).isEqualTo("2026-11-02T01:30:00-05:00\n2026-11-03T01:30:00-05:00\n");
  }

  @Test
  void helpAndBadUsage() throws Exception {
    Result help = scheduler("--help");
    Result bad = scheduler("next", "-n", "many", "--cron", "@daily");

    assertThat(help.exitCode()).isEqualTo(0);
    assertThat(help.out()).startsWith("Usage: scheduler");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).startsWith("Invalid value for option '--limit': 'many' is not an int");
  }
}
