package io.cronbeat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 10 items 1 and 8: 6/7-field dialects, schedules that fire within the minute, cron text bounds. */
class CronDialectCliTest {

  /** A Friday: the next weekdays fall on both sides of a weekend. */
  private static final String FRIDAY = "2026-11-27T12:00:00Z";

  @TempDir Path dir;

  @Test
  void aNumberedDayOfWeekInSixFieldsNeedsADialect() {
    CliRun run = CliRun.of("next", "--cron", "0 30 2 * * 1-5");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("""
        error: schedule '0 30 2 * * 1-5': day-of-week '1-5' is numbered, and 6-field dialects number days differently (Quartz 1 = Sunday, Spring 1 = Monday)
          hint: write day names such as MON-FRI, or say which dialect numbers the days: 'dialect: quartz' (1 = Sunday) or 'dialect: spring' (1 = Monday) in the job, cron.dialect in the configuration, or --dialect
        """);
  }

  @Test
  void dayNamesNeedNoDialect() {
    CliRun run = CliRun.of("next", "--cron", "0 30 2 * * MON-FRI", "--tz", "UTC", "-n", "2", "--from", FRIDAY);

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out()).isEqualTo("2026-11-30T02:30:00Z\n2026-12-01T02:30:00Z\n");
  }

  @Test
  void springNumbersMondayOneAndSundayZeroOrSeven() {
    CliRun weekdays = CliRun.of("next", "--cron", "0 30 2 * * 1-5", "--dialect", "spring", "--tz", "UTC", "-n", "5",
        "--from", FRIDAY);
    CliRun sundays = CliRun.of("next", "--cron", "0 0 9 * * 0,7", "--dialect", "spring", "--tz", "UTC", "-n", "2",
        "--from", FRIDAY);

    assertThat(weekdays.out()).as("Mon 30 Nov to Fri 4 Dec").isEqualTo("""
        2026-11-30T02:30:00Z
        2026-12-01T02:30:00Z
        2026-12-02T02:30:00Z
        2026-12-03T02:30:00Z
        2026-12-04T02:30:00Z
        """);
    assertThat(sundays.out()).isEqualTo("2026-11-29T09:00:00Z\n2026-12-06T09:00:00Z\n");
  }

  @Test
  void quartzNumbersSundayOneAndSaturdaySeven() {
    CliRun weekdays = CliRun.of("next", "--cron", "0 30 2 ? * 1-5", "--dialect", "quartz", "--tz", "UTC", "-n", "5",
        "--from", FRIDAY);
    CliRun saturdays = CliRun.of("explain", "0 0 9 ? * 7", "--dialect", "quartz", "--tz", "UTC");

    assertThat(weekdays.out()).as("Sun 29 Nov to Thu 3 Dec").isEqualTo("""
        2026-11-29T02:30:00Z
        2026-11-30T02:30:00Z
        2026-12-01T02:30:00Z
        2026-12-02T02:30:00Z
        2026-12-03T02:30:00Z
        """);
    assertThat(saturdays.exitCode()).isEqualTo(0);
    assertThat(saturdays.out()).contains("  2026-11-28T09:00:00Z\n  2026-12-05T09:00:00Z\n");
  }

  @Test
  void aDialectMustFitTheNumberOfFields() {
    CliRun unix = CliRun.of("next", "--cron", "0 30 2 * * 1-5", "--dialect", "unix");
    CliRun spring = CliRun.of("next", "--cron", "30 2 * * 1-5", "--dialect", "spring");
    CliRun unknown = CliRun.of("explain", "0 30 2 * * 1-5", "--dialect", "jenkins");

    assertThat(unix.exitCode()).isEqualTo(2);
    assertThat(unix.err()).isEqualTo("""
        error: schedule '0 30 2 * * 1-5' has 6 fields, but dialect unix takes 5
          hint: remove the seconds field, or say 'dialect: quartz' or 'dialect: spring'
        """);
    assertThat(spring.exitCode()).isEqualTo(2);
    assertThat(spring.err()).startsWith("error: schedule '30 2 * * 1-5' has 5 fields, but dialect spring takes 6 with seconds first\n");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).isEqualTo("error: --dialect 'jenkins' is not a cron dialect\n  hint: write unix, quartz or spring\n");
  }

  @Test
  void theJobsDialectWinsOverTheConfigurationsDefault() throws IOException {
    Files.writeString(dir.resolve("jobs.yaml"), """
        jobs:
          spring-job:
            command: 'true'
            schedule: '0 30 2 * * 1-5'
            dialect: spring
          shop-default:
            command: 'true'
            schedule: '0 30 2 ? * 1-5'
        """);
    Map<String, String> quartzShop = Map.of("CRONBEAT_TIMEZONE", "UTC", "CRONBEAT_SCHEDULES", dir.toString(),
        "CRONBEAT_CRON_DIALECT", "quartz");

    CliRun spring = CliRun.of(quartzShop, "next", "spring-job", "-n", "1", "--from", FRIDAY);
    CliRun quartz = CliRun.of(quartzShop, "next", "shop-default", "-n", "1", "--from", FRIDAY);
    CliRun noDefault = CliRun.of(Map.of("CRONBEAT_TIMEZONE", "UTC"), "validate", dir.toString());

    assertThat(spring.out()).isEqualTo("2026-11-30T02:30:00Z\n");
    assertThat(quartz.out()).isEqualTo("2026-11-29T02:30:00Z\n");
    assertThat(noDefault.exitCode()).isEqualTo(2);
    assertThat(noDefault.err()).startsWith(dir.resolve("jobs.yaml") + ":8:15: error: schedule '0 30 2 ? * 1-5': day-of-week '1-5' is numbered")
        .endsWith("1 error in 1 file\n");
  }

  @Test
  void aBadDialectInAJobOrTheConfigurationIsReportedWhereItIsWritten() throws IOException {
    Files.writeString(dir.resolve("jobs.yaml"), "jobs:\n  a:\n    command: 'true'\n    schedule: '@daily'\n    dialect: cronie\n");

    CliRun job = CliRun.of("validate", dir.toString());
    CliRun config = CliRun.of(Map.of("CRONBEAT_CRON_DIALECT", "unix"), "validate", dir.toString());

    assertThat(job.exitCode()).isEqualTo(2);
    assertThat(job.err()).startsWith(dir.resolve("jobs.yaml") + ":5:14: error: ");
    assertThat(config.exitCode()).isEqualTo(2);
    assertThat(config.err()).isEqualTo("""
        $CRONBEAT_CRON_DIALECT:1:1: error: cron.dialect: 'unix' is not a 6-field cron dialect
          hint: write quartz (day-of-week 1 = Sunday) or spring (1 = Monday); 5-field schedules are always Unix cron
        1 error in the configuration
        """);
  }

  @Test
  void validateAndListSayWhenAJobFiresWithinTheMinute() throws IOException {
    Files.writeString(dir.resolve("jobs.yaml"), """
        jobs:
          ticker:
            command: 'true'
            schedule: '*/5 * * * * *'
          twice:
            command: 'true'
            schedule: '0,10 * * * * ?'
          poll:
            command: 'true'
            schedule: '@every 30s'
          nightly:
            command: 'true'
            schedule: '0 30 2 * * ?'
        """);

    CliRun run = CliRun.of("validate", dir.toString());
    CliRun explain = CliRun.of("explain", "*/5 * * * * *", "--tz", "UTC");

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out()).isEqualTo(
        "OK: 4 jobs in 1 file; ticker fires every 5 seconds, twice fires 2 times a minute, poll fires every 30 seconds\n");
    assertThat(explain.out()).contains("\nnote: fires every 5 seconds\n");
  }

  @Test
  void aScheduleLongerThanAThousandCharactersIsRefusedAtOnce() {
    String huge = "0 0 * * " + "1,".repeat(450_000) + "1";

    long started = System.nanoTime();
    CliRun run = CliRun.of("next", "--cron", huge);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("""
        error: schedule is 900,009 characters long; at most 1,000 are read
          hint: write 5 fields (minute hour day-of-month month day-of-week), 6 or 7 with seconds first (Quartz or Spring), a macro such as @daily, or '@every 15m'
        """);
    assertThat(System.nanoTime() - started).as("nanoseconds").isLessThan(1_000_000_000L);
  }

  @Test
  void onlyAsciiDigitsAreRead() {
    CliRun run = CliRun.of("next", "--cron", "\u0660 \u0660 * * *");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("""
        error: schedule '\u0660 \u0660 * * *': '\u0660' (U+0660) at character 1 is not ASCII: only the digits 0-9 are read
          hint: write the digits 0-9 and names such as MON or JAN
        """);
  }
}
