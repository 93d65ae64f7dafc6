package io.cronbeat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code import-crontab} as a cron user runs it: convert, read the report, validate, compare {@code next}. */
class ImportCrontabCommandTest {

  private static final String FIXTURE = "src/test/resources/crontab/real-world.crontab";
  private static final String USERS = "root,www-data,backup,sync,mail";

  @TempDir Path dir;

  @Test
  void importedFixtureValidatesAndTheReportNamesEveryLineThatNeedsASecondLook() throws IOException {
    CliRun imported = CliRun.of("import-crontab", "--users", USERS, FIXTURE);
    Files.writeString(dir.resolve("from-cron.yaml"), imported.out());
    CliRun validate = CliRun.of("validate", dir.toString());

    assertThat(imported.exitCode()).isEqualTo(0);
    assertThat(imported.err()).isEqualTo("""
        %1$s:4: MAILTO=ops@example.com not converted: cronbeat does not send mail; add 'notify: {command: ..., on: [failure]}' or a webhook to the jobs that need it
        %1$s:9: job pg_backup: output goes to /var/log/pg_backup.log (redirect kept): history will not show this output; remove the redirect to keep it
        %1$s:35: @reboot not converted: cronbeat runs jobs on a clock; start '/opt/app/bin/start-worker' from your service manager
        %1$s:38: job mail: cron ends the command at the first '%' and feeds the rest as standard input, so it runs 'mail -s "daily report" ops@example.com' with input "Good morning,\\nthe report is attached.\\n"; converted the same way; write \\% in the crontab if you meant a percent sign
        %1$s:40: job date: cron ends the command at the first '%' and feeds the rest as standard input, so it runs 'date +' with input "Y-\\nm-\\nd >> /var/log/dates.log\\n"; converted the same way; write \\% in the crontab if you meant a percent sign
        %1$s:41: not converted: cron ends the command at the first '%', and /bin/sh -n rejects what is left ('mail -s "weekly 100'): Syntax error: Unterminated quoted string; write \\% for a percent sign
        %1$s:45: not converted: /bin/sh -n rejects the command: Syntax error: Unterminated quoted string; fix it and import again
        %1$s:50: job cron.hourly: 6th field 'root' is a user name, read as /etc/crontab's user column (cron would run 'root' as the command); cronbeat runs it as the node's user
        %1$s:51: job cron.daily: 6th field 'root' is a user name, read as /etc/crontab's user column (cron would run 'root' as the command); cronbeat runs it as the node's user
        %1$s:52: job cron-2: 6th field 'www-data' is a user name, read as /etc/crontab's user column (cron would run 'www-data' as the command); cronbeat runs it as the node's user
        %1$s:53: job backup-etc: 6th field 'backup' is a user name, read as /etc/crontab's user column (cron would run 'backup' as the command); cronbeat runs it as the node's user
        %1$s:56: SHELL=/bin/bash: the jobs after it run as ["/bin/bash", "-c", "..."], checked with /bin/bash -n
        %1$s:59: job market-close: output goes to /var/log/market.log (redirect kept): history will not show this output; remove the redirect to keep it
        %1$s:61: not converted: /bin/bash -n rejects the command: unexpected EOF while looking for matching `"'; fix it and import again
        %1$s:62: TZ=Europe/Berlin: kept in the env of the jobs after it; cron does not schedule by TZ (CRON_TZ sets a crontab's zone), so these jobs keep the node's zone
        %1$s:64: MAILTO="": no mail, as in cron; cronbeat sends none and keeps each run's output in its history
        %1$s:65: not converted: schedule '0 0 30 2 *' never fires
        %1$s:66: not converted: schedule '61 * * * *': minute 61 is outside 0-59
        %1$s:67: not converted: not a job line (expected 5 time fields, or a macro, then a command)
        43 jobs converted, 19 notes
        """.replace("%1$s", FIXTURE));
    assertThat(validate.err()).isEmpty();
    assertThat(validate.exitCode()).isEqualTo(0);
    assertThat(validate.out()).isEqualTo("OK: 43 jobs in 1 file\n");
  }

  @Test
  void nextOfAnImportedJobShowsTheTimesCronWouldRunItsLine() throws IOException {
    Files.writeString(dir.resolve("from-cron.yaml"), CliRun.of("import-crontab", "--users", USERS, FIXTURE).out());

    CliRun marketOpen = CliRun.of("next", "market-open", "--schedules", dir.toString(), "-n", "3");
    CliRun oddFriday = CliRun.of("next", "odd-friday", "--schedules", dir.toString(), "-n", "3");

    // line 57: CRON_TZ=America/New_York, then '30 9 * * 1-5'
    assertThat(marketOpen.out()).isEqualTo("""
        2026-11-23T09:30:00-05:00
        2026-11-24T09:30:00-05:00
        2026-11-25T09:30:00-05:00
        """);
    // '20 4 */2 * 5': a day field starting with '*' makes cron require both days, so odd-numbered Fridays
    assertThat(oddFriday.out()).isEqualTo("""
        2026-11-27T04:20:00Z
        2026-12-11T04:20:00Z
        2026-12-25T04:20:00Z
        """);
  }
}
