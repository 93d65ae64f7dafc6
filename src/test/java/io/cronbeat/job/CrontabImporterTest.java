package io.cronbeat.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronbeat.timing.ScheduleParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrontabImporterTest {

  private static final Path FIXTURE = Path.of("src/test/resources/crontab/user.crontab");
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  @TempDir Path dir;

  private JobSet load(String yaml) throws IOException {
    Path file = dir.resolve("imported.yaml");
    Files.writeString(file, yaml);
    return new JobLoader(ZoneOffset.UTC, Clock.fixed(NOW, ZoneOffset.UTC)).load(List.of(file));
  }

  @Test
  void convertsARealWorldCrontabIntoJobsThatFireWhenTheLinesDid() throws IOException {
    List<String> lines = Files.readAllLines(FIXTURE);
    CrontabImporter.Result result = new CrontabImporter(false).convert(Files.readString(FIXTURE), "user.crontab", NOW);
    JobSet set = load(result.yaml());

    assertThat(lines.stream().filter(l -> !l.isBlank() && !l.startsWith("#"))).hasSizeGreaterThanOrEqualTo(25);
    assertThat(set.diagnostics()).isEmpty();
    assertThat(result.jobs()).isEqualTo(24).isEqualTo(set.jobs().size());
    ScheduleParser parser = new ScheduleParser();
    for (JobDefinition job : set.jobs()) {
      int number = Integer.parseInt(job.description().replaceAll(".* line ", ""));
      String line = lines.get(number - 1);
      String schedule = line.startsWith("@") ? line.split("\\s+")[0] : String.join(" ", List.of(line.split("\\s+")).subList(0, 5));
      ZoneId zone = job.when().orElseThrow().zone();
      assertThat(job.when().orElseThrow().schedule().next(NOW, 5)).as("%s from line %d", job.name(), number)
          .isEqualTo(parser.parse(schedule, zone, "original").next(NOW, 5));
      assertThat(job.policies().catchUp()).isEqualTo(CatchUp.NONE);
      assertThat(job.policies().overlap()).isEqualTo(Overlap.ALLOW);
    }
  }

  @Test
  void carriesEnvironmentLinesZonesAndNamesToTheJobsAfterThem() throws IOException {
    JobSet set = load(new CrontabImporter(false).convert(Files.readString(FIXTURE), "user.crontab", NOW).yaml());

    JobDefinition backup = set.job("pg_backup").orElseThrow();
    assertThat(backup.execution().env()).isEqualTo(Map.of(
        "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "BACKUP_DIR", "/var/backups/db"));
    assertThat(backup.execution().work().display()).isEqualTo("/usr/local/bin/pg_backup.sh --full >> /var/log/pg_backup.log 2>&1");
    assertThat(set.job("pg_backup-2").orElseThrow().execution().work().display()).isEqualTo("/usr/local/bin/pg_backup.sh --vacuum");
    assertThat(set.job("pg_backup-3")).isPresent();
    assertThat(set.job("check-queue").orElseThrow().when().orElseThrow().zone()).isEqualTo(ZoneOffset.UTC);
    assertThat(set.job("market-open").orElseThrow().when().orElseThrow().zone()).isEqualTo(ZoneId.of("America/New_York"));
    assertThat(set.job("berlin-morning").orElseThrow().when().orElseThrow().zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(set.job("date").orElseThrow().execution().work().display()).isEqualTo("date +%Y-%m-%d >> /var/log/dates.log");
    assertThat(set.job("curl").orElseThrow().when().orElseThrow().text()).isEqualTo("*/5 * * * *");
  }

  @Test
  void reportsEveryLineItCouldNotConvertAndWhy() throws IOException {
    CrontabImporter.Result result = new CrontabImporter(false).convert(Files.readString(FIXTURE), "user.crontab", NOW);

    assertThat(result.notes()).containsExactly(
        "user.crontab:2: SHELL=/bin/bash not converted: string commands run with /bin/sh -c; write the command as a list,"
            + " e.g. [\"/bin/bash\", \"-c\", \"...\"], to use another shell",
        "user.crontab:3: MAILTO=ops@example.com not converted: cronbeat does not send mail; add 'notify: {command: ...,"
            + " on: [failure]}' or a webhook to the jobs that need it",
        "user.crontab:23: @reboot not converted: cronbeat runs jobs on a clock; start '/opt/app/bin/start-worker' from your"
            + " service manager",
        "user.crontab:34: not converted: schedule '0 0 30 2 *' never fires",
        "user.crontab:35: not converted: schedule '61 * * * *': minute 61 is outside 0-59",
        "user.crontab:36: not converted: schedule 'this line is not a': minute 'this' is not a number, range, step or name");
  }

  @Test
  void percentSignsBecomeStandardInputExactlyAsCronFeedsIt() throws Exception {
    String command = CrontabImporter.shellCommand("cat%Good morning,%it's 100\\% done.%");

    Process shell = new ProcessBuilder("/bin/sh", "-c", command).start();
    String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(shell.waitFor()).isZero();
    assertThat(output).isEqualTo("Good morning,\nit's 100% done.\n");
  }

  @Test
  void systemFormatSkipsTheUserColumnAndSaysSo() throws IOException {
    CrontabImporter.Result result = new CrontabImporter(true).convert(
        "17 * * * * root cd / && run-parts --report /etc/cron.hourly\n", "/etc/crontab", NOW);

    JobSet set = load(result.yaml());
    assertThat(set.job("cd").orElseThrow().execution().work().display()).isEqualTo("cd / && run-parts --report /etc/cron.hourly");
    assertThat(result.notes()).containsExactly("/etc/crontab:1: job cd ran as user root; cronbeat runs it as the node's user");
  }
}
