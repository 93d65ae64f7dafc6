package io.cronbeat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliTest {

  private static final String VALID = "src/test/resources/jobs/valid";
  private static final String INVALID = "src/test/resources/jobs/invalid";

  @TempDir Path dir;

  @Test
  void validateReportsSuccessOnStdout() {
    CliRun run = CliRun.of("validate", VALID);

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out()).isEqualTo("OK: 11 jobs in 6 files\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void validateReportsEveryProblemOfEveryFileAndExitsTwo() {
    CliRun run = CliRun.of("validate", INVALID + "/bad-durations.yaml", INVALID + "/top-level-typo.yaml");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("""
        %1$s/bad-durations.yaml:5:14: error: timeout '30' is not a duration
          hint: add a unit: write 30s for seconds or 30m for minutes
        %1$s/bad-durations.yaml:6:13: error: jitter '5 minutes' is not a duration
          hint: write a duration such as 30s, 5m, 1h30m or 2d
        %1$s/bad-durations.yaml:8:17: error: retry attempts 0 is outside 1-100
          hint: write a whole number from 1 to 100
        %1$s/top-level-typo.yaml:1:1: error: unknown key 'job' in the top level of a job file: did you mean 'jobs'?
          hint: the keys the top level of a job file takes are: jobs
        4 errors in 2 files
        """.formatted(INVALID));
  }

  @Test
  void validateDefaultsToTheSchedulesDirectoryFromTheEnvironmentOrOption() throws IOException {
    Files.writeString(dir.resolve("one.yaml"), "jobs:\n  one:\n    command: 'true'\n    schedule: '@hourly'\n");

    CliRun fromEnv = CliRun.of(Map.of("CRONBEAT_SCHEDULES", dir.toString()), "validate");
    CliRun fromOption = CliRun.of(Map.of(), "validate", "--schedules", dir.toString());

    assertThat(fromEnv.out()).isEqualTo("OK: 1 job in 1 file\n");
    assertThat(fromOption.out()).isEqualTo("OK: 1 job in 1 file\n");
  }

  @Test
  void brokenConfigurationIsReportedLikeAJobFile() {
    CliRun run = CliRun.of(Map.of(), "validate", "--config", dir.resolve("missing.yaml").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo(dir.resolve("missing.yaml") + ":1:1: error: cannot read file: it does not exist\n"
        + "  hint: check that the file exists and is readable\n"
        + "1 error in the configuration\n");
  }

  @Test
  void hostileYamlIsReportedWithoutAStackTrace() {
    CliRun run = CliRun.of("validate", INVALID + "/type-tag.yaml");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void nextPrintsFireTimesOfACronExpressionAcrossSpringForward() {
    CliRun run = CliRun.of("next", "--cron", "30 2 * * *", "--tz", "America/New_York", "-n", "3",
        "--from", "2026-03-07T12:00:00-05:00");

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out()).isEqualTo("""
        2026-03-08T03:00:00-04:00
        2026-03-09T02:30:00-04:00
        2026-03-10T02:30:00-04:00
        """);
  }

  @Test
  void nextOfAJobUsesItsZoneAndDefaultsToFiveTimesFromNow() {
    CliRun run = CliRun.of("next", "nightly-backup", "--schedules", VALID);

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out()).isEqualTo("""
        2026-11-24T02:30:00+01:00
        2026-11-25T02:30:00+01:00
        2026-11-26T02:30:00+01:00
        2026-11-27T02:30:00+01:00
        2026-11-28T02:30:00+01:00
        """);
    assertThat(run.err()).isEqualTo(
        "note: job 'nightly-backup' is disabled (enabled: false); these are the times it would fire\n");
  }

  @Test
  void nextSaysWhenAScheduleStopsFiring() {
    CliRun run = CliRun.of("next", "--cron", "0 0 0 1 1 ? 2030-2031", "--tz", "UTC");

    assertThat(run.out()).isEqualTo("2030-01-01T00:00:00Z\n2031-01-01T00:00:00Z\n");
    assertThat(run.err()).isEqualTo("note: no further fire times after 2031-01-01T00:00:00Z\n");
  }

  @Test
  void nextOfAManualJobSaysItHasNoSchedule() {
    CliRun run = CliRun.of("next", "reindex", "--schedules", VALID);

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out()).isEqualTo("job 'reindex' has no schedule: it runs only when triggered\n");
  }

  @Test
  void unknownJobGetsOneLineWithASuggestion() {
    CliRun run = CliRun.of("next", "nightly-bakup", "--schedules", VALID);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("""
        error: no job named 'nightly-bakup' in src/test/resources/jobs/valid: did you mean 'nightly-backup'?
          hint: the jobs are: nightly-backup, sync, first, second, windows-edited, ping, search-reindex, purge, reindex, pg-backup, pg-vacuum
        """);
  }

  @Test
  void malformedInputGetsOneLineAndExitTwo() {
    CliRun badFrom = CliRun.of("next", "--cron", "@daily", "--from", "yesterday");
    CliRun badCron = CliRun.of("next", "--cron", "0 0 * * 8");
    CliRun badZone = CliRun.of("explain", "@daily", "--tz", "europe/paris");

    assertThat(badFrom.exitCode()).isEqualTo(2);
    assertThat(badFrom.err()).isEqualTo("""
        error: --from 'yesterday' is not an ISO-8601 time with offset
          hint: write an ISO-8601 time with offset, e.g. 2026-03-08T01:30:00-05:00 or 2026-03-08T06:30:00Z
        """);
    assertThat(badCron.exitCode()).isEqualTo(2);
    assertThat(badCron.err()).startsWith("error: schedule '0 0 * * 8': day-of-week 8 is outside 0-7\n  hint: ");
    assertThat(badZone.exitCode()).isEqualTo(2);
    assertThat(badZone.err()).startsWith("error: unknown time zone 'europe/paris': did you mean 'Europe/Paris'?\n");
  }

  @Test
  void nextNeedsExactlyOneOfJobOrCron() {
    CliRun neither = CliRun.of("next");
    CliRun both = CliRun.of("next", "backup", "--cron", "@daily");

    assertThat(neither.exitCode()).isEqualTo(2);
    assertThat(neither.err()).startsWith("give either a JOB or --cron EXPR\n").contains("Usage: scheduler next");
    assertThat(both.exitCode()).isEqualTo(2);
  }

  @Test
  void explainDescribesResolvesAndPreviews() {
    CliRun run = CliRun.of("explain", "@daily", "--tz", "Europe/London");

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out()).isEqualTo("""
        at 00:00
        as cron: 0 0 * * *
        daylight saving: fixed-time (a time skipped by spring-forward runs at the end of the gap; a repeated hour runs once)
        next 3 (Europe/London):
          2026-11-24T00:00:00Z
          2026-11-25T00:00:00Z
          2026-11-26T00:00:00Z
        """);
  }

  @Test
  void runRefusesInvalidSchedules() {
    CliRun run = CliRun.of("run", "--schedules", INVALID + "/empty.yaml");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("""
        %s/empty.yaml:1:1: error: file is empty
          hint: declare jobs under a top-level 'jobs:' map
        1 error in the job files; nothing was started
        """.formatted(INVALID));
  }

  @ParameterizedTest(name = "{0} --help")
  @ValueSource(strings = {"run", "validate", "next", "explain", "trigger", "submit", "plan", "list", "history", "logs",
      "pause", "resume", "status", "cancel", "import-crontab", "migrate", "token", "graph"})
  void everyCommandHasHelp(String command) {
    CliRun run = CliRun.of(command, "--help");

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out()).startsWith("Usage: scheduler " + command).contains("--help");
  }

  @Test
  void topLevelHelpListsCommandsAndExitCodes() {
    CliRun run = CliRun.of("--help");

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out()).contains("validate", "next", "explain", "run", "trigger", "submit", "plan", "list", "history", "logs",
        "pause", "resume", "status", "cancel", "import-crontab", "2  bad usage or invalid input", "3  plan: the store would change");
  }

  @Test
  void unknownCommandIsBadUsage() {
    CliRun run = CliRun.of("frobnicate");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("Unmatched argument at index 0: 'frobnicate'");
  }
}
