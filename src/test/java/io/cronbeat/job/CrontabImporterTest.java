package io.cronbeat.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CrontabImporterTest {

  static final Path FIXTURE = Path.of("src/test/resources/crontab/real-world.crontab");
  static final Set<String> USERS = Set.of("root", "www-data", "backup", "sync", "mail");
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  /** The reference for "when cron runs a line": cron-utils' Unix definition, independent of cronbeat's own cron code. */
  private static final CronParser UNIX_CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final Map<String, String> MACROS = Map.of("@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *",
      "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");

  /**
   * Where cron-utils is not cron: Vixie cron and cronie treat a day field that starts with '*' as
   * unrestricted when combining day-of-month and day-of-week (entry.c sets DOM_STAR on the first
   * character), so '*\/2 * 5' is "odd days that are Fridays", not "odd days or Fridays" as
   * cron-utils reads it. These lines' times are written out from cron's rule instead.
   */
  private static final Map<String, List<Instant>> CRON_STAR_RULE = Map.of("20 4 */2 * 5", List.of(
      Instant.parse("2026-11-27T04:20:00Z"), Instant.parse("2026-12-11T04:20:00Z"), Instant.parse("2026-12-25T04:20:00Z"),
      Instant.parse("2027-01-01T04:20:00Z"), Instant.parse("2027-01-15T04:20:00Z")));

  @TempDir Path dir;

  private CrontabImporter.Result importFixture() throws IOException {
    return new CrontabImporter(new CrontabImporter.Options(false, USERS)).convert(Files.readString(FIXTURE), "real-world.crontab", NOW);
  }

  private JobSet load(String yaml) throws IOException {
    Path file = dir.resolve("imported.yaml");
    Files.writeString(file, yaml);
    return new JobLoader(ZoneOffset.UTC, Clock.fixed(NOW, ZoneOffset.UTC)).load(List.of(file));
  }

  @Test
  void everyImportedJobFiresWhenCronWouldRunItsLine() throws IOException {
    List<String> lines = Files.readAllLines(FIXTURE);
    CrontabImporter.Result result = importFixture();
    JobSet set = load(result.yaml());

    assertThat(lines.stream().filter(line -> !line.isBlank() && !line.startsWith("#"))).hasSizeGreaterThanOrEqualTo(40);
    assertThat(set.diagnostics()).isEmpty();
    assertThat(result.jobs()).isEqualTo(43).isEqualTo(set.jobs().size());
    for (JobDefinition job : set.jobs()) {
      int number = Integer.parseInt(job.description().replaceAll(".* line ", ""));
      String[] fields = lines.get(number - 1).split("\\s+");
      String original = fields[0].startsWith("@") ? MACROS.get(fields[0]) : String.join(" ", List.of(fields).subList(0, 5));
      JobDefinition.When when = job.when().orElseThrow();
      assertThat(when.text()).as("schedule kept as written").isEqualTo(fields[0].startsWith("@") ? fields[0] : original);
      assertThat(when.schedule().next(NOW, 5)).as("%s from line %d", job.name(), number)
          .isEqualTo(CRON_STAR_RULE.containsKey(original) ? CRON_STAR_RULE.get(original) : cronTimes(original, cronZone(lines, number), 5));
      assertThat(job.policies().catchUp()).isEqualTo(CatchUp.NONE);
      assertThat(job.policies().overlap()).isEqualTo(Overlap.ALLOW);
    }
  }

  /** The zone cron reads a line in: the last CRON_TZ before it, else the machine's (UTC here, as the loader's default). */
  private static ZoneId cronZone(List<String> lines, int number) {
    ZoneId zone = ZoneOffset.UTC;
    for (String line : lines.subList(0, number - 1)) {
      if (line.startsWith("CRON_TZ=")) {
        zone = ZoneId.of(line.substring("CRON_TZ=".length()));
      }
    }
    return zone;
  }

  private static List<Instant> cronTimes(String expression, ZoneId zone, int count) {
    ExecutionTime cron = ExecutionTime.forCron(UNIX_CRON.parse(expression));
    List<Instant> times = new ArrayList<>();
    ZonedDateTime from = NOW.atZone(zone);
    while (times.size() < count) {
      from = cron.nextExecution(from).orElseThrow();
      times.add(from.toInstant());
    }
    return times;
  }

  @Test
  void commandsStayAsWrittenUnlessCronWouldHaveChangedThem() throws IOException {
    JobSet set = load(importFixture().yaml());

    assertThat(command(set, "pg_backup")).containsExactly("/bin/sh", "-c",
        "/usr/local/bin/pg_backup.sh --full >> /var/log/pg_backup.log 2>&1");
    assertThat(command(set, "tar")).containsExactly("/bin/sh", "-c", "tar czf /var/backups/home-$(date +%Y-%m-%d).tgz /home");
    assertThat(command(set, "date")).containsExactly("/bin/sh", "-c",
        "exec <<'CRON_STDIN'\nY-\nm-\nd >> /var/log/dates.log\nCRON_STDIN\ndate +");
    assertThat(command(set, "market-close")).containsExactly("/bin/bash", "-c",
        "/opt/app/bin/market-close && echo \"closed $(date +%H:%M)\" >> /var/log/market.log");
    assertThat(command(set, "notify-team")).containsExactly("/bin/bash", "-c",
        "[[ -f /srv/app/maintenance ]] || /opt/app/bin/notify-team --channel ops");
    assertThat(command(set, "cron.daily")).containsExactly("/bin/sh", "-c",
        "test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; }");
  }

  private static List<String> command(JobSet set, String job) {
    return ((Command) set.job(job).orElseThrow().execution().work()).argv();
  }

  @Test
  void sharedEnvironmentIsOneAnchorMergedIntoEveryJob() throws IOException {
    String yaml = importFixture().yaml();
    JobSet set = load(yaml);

    assertThat(yaml).contains("""
        x-env: &env
          PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
          BACKUP_DIR: "/var/backups/db"
        """);
    assertThat(yaml.split("<<: \\*env\n", -1)).hasSize(44);
    Map<String, String> shared = Map.of("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "BACKUP_DIR", "/var/backups/db");
    assertThat(set.job("pg_backup").orElseThrow().execution().env()).isEqualTo(shared);
    Map<String, String> berlin = new LinkedHashMap<>(shared);
    berlin.put("TZ", "Europe/Berlin");
    assertThat(set.job("berlin-morning").orElseThrow().execution().env()).isEqualTo(berlin);
    assertThat(set.job("berlin-morning").orElseThrow().when().orElseThrow().zone()).isEqualTo(ZoneId.of("America/New_York"));
  }

  @Test
  void importIsStableAndCarriesCommentsAndUnconvertedLinesOver() throws IOException {
    String yaml = importFixture().yaml();

    assertThat(importFixture().yaml()).isEqualTo(yaml);
    assertThat(yaml).contains("  # nightly database dump\n  pg_backup:\n", "  #0 5 * * * /opt/app/bin/disabled-job\n",
        "  # not converted (line 35): @reboot /opt/app/bin/start-worker\n",
        "  # not converted (line 45): 0 5 * * * /opt/app/bin/report.sh \"unterminated\n");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiterString = " -> ", quoteCharacter = '`', value = {
      "/usr/local/bin/pg_backup.sh --full -> pg_backup",
      "cd /srv/app && ./bin/cleanup --older-than 7d -> cleanup",
      "cd /var/www/shop && php artisan schedule:run >> /dev/null 2>&1 -> schedule-run",
      "php -f /var/www/nextcloud/cron.php -> cron",
      "curl -fsS -H 'Content-Type: application/json' https://hc-ping.example.com/5f1c2d/ping -> ping",
      "/usr/bin/find /tmp/uploads -type f -mmin +60 -delete -> uploads",
      "find . -name '*.tmp' -delete -> tmp",
      "python3 -m app.tasks.purge_sessions -> purge_sessions",
      "/usr/bin/env python3 /opt/jobs/send_report.py -> send_report",
      "bash -c 'cd /opt && ./sync.sh' -> sync",
      "sh /opt/app/scripts/rotate-keys.sh -> rotate-keys",
      "java -jar /opt/billing/billing-batch.jar --run -> billing-batch",
      "nice -n 10 ionice -c3 flock -n /tmp/reindex.lock /opt/search/bin/reindex --all -> reindex",
      "timeout 5m /usr/local/bin/healthcheck -> healthcheck",
      "test -x /usr/sbin/anacron || ( cd / && run-parts --report /etc/cron.daily ) -> cron.daily",
      "[ -x /usr/lib/php/sessionclean ] && /usr/lib/php/sessionclean -> sessionclean",
      "sleep $((RANDOM % 60)) && /opt/app/bin/poll -> poll",
      "echo hi > /tmp/x -> echo",
      "cd /srv -> job"})
  void jobNamesSayWhatTheCommandDoes(String command, String name) {
    assertThat(new CrontabNames().next(command)).isEqualTo(name);
  }

  @Test
  void namesAreMadeUniqueInLineOrder() {
    CrontabNames names = new CrontabNames();

    assertThat(IntStream.range(0, 3).mapToObj(i -> names.next("/usr/local/bin/pg_backup.sh --part " + i)))
        .containsExactly("pg_backup", "pg_backup-2", "pg_backup-3");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "cat%Good morning,%it's 100\\% done.% | Good morning,\\nit's 100% done.\\n",
      "cat%no final percent | no final percent\\n",
      "cat%two%%blank lines | two\\n\\nblank lines\\n",
      "cat%back\\slash and \\\\%newline | back\\slash and \\%newline\\n",
      "cat -%CRON_STDIN | CRON_STDIN\\n",
      "printf '\\%s-\\%s' a b% | a-b"})
  void percentSignsBecomeStandardInputExactlyAsCronFeedsIt(String line, String expected) throws Exception {
    String command = CronPercent.of(line).script();

    Process shell = new ProcessBuilder("/bin/sh", "-c", command).start();
    String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(shell.waitFor()).isZero();
    assertThat(output).isEqualTo(expected.replace("\\n", "\n"));
  }

  @Test
  void jobsAfterShellRunInThatShellAndAreCheckedWithIt() throws Exception {
    CrontabImporter.Result result = new CrontabImporter(new CrontabImporter.Options(false, Set.of())).convert("""
        SHELL=/bin/bash
        * * * * * [[ $BASH_VERSION ]] && cat | tr a-z A-Z%bash here%
        * * * * * if [[ -d /srv ]]; then echo yes
        """, "bash.crontab", NOW);

    List<String> argv = command(load(result.yaml()), "cat");
    Process job = new ProcessBuilder(argv).start();
    String output = new String(job.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(job.waitFor()).isZero();
    assertThat(output).isEqualTo("BASH HERE\n");
    assertThat(argv.subList(0, 2)).containsExactly("/bin/bash", "-c");
    assertThat(result.notes()).containsExactly(
        "bash.crontab:1: SHELL=/bin/bash: the jobs after it run as [\"/bin/bash\", \"-c\", \"...\"], checked with /bin/bash -n",
        "bash.crontab:2: job cat: cron ends the command at the first '%' and feeds the rest as standard input, so it runs"
            + " '[[ $BASH_VERSION ]] && cat | tr a-z A-Z' with input \"bash here\\n\"; converted the same way;"
            + " write \\% in the crontab if you meant a percent sign",
        "bash.crontab:3: not converted: /bin/bash -n rejects the command: syntax error: unexpected end of file;"
            + " fix it and import again");
  }

  @Test
  void linesThatRunNothingAreReportedNotConverted() throws IOException {
    CrontabImporter.Result result = new CrontabImporter(new CrontabImporter.Options(false, Set.of())).convert(
        "* * * * *\n* * * * * %hello\n@daily\n", "short", NOW);

    assertThat(result.jobs()).isZero();
    assertThat(result.notes()).containsExactly(
        "short:1: not converted: not a job line (expected 5 time fields, or a macro, then a command)",
        "short:2: not converted: the command is empty (cron ends it at the first '%', so it runs nothing)",
        "short:3: not converted: not a job line (expected 5 time fields, or a macro, then a command)");
  }

  @Test
  void systemFormatSkipsTheUserColumnAndSaysSo() throws IOException {
    CrontabImporter.Result result = new CrontabImporter(new CrontabImporter.Options(true, Set.of())).convert(
        "17 * * * * root cd / && run-parts --report /etc/cron.hourly\n", "/etc/crontab", NOW);

    JobSet set = load(result.yaml());
    assertThat(command(set, "cron.hourly")).containsExactly("/bin/sh", "-c", "cd / && run-parts --report /etc/cron.hourly");
    assertThat(result.notes()).containsExactly("/etc/crontab:1: job cron.hourly ran as user root; cronbeat runs it as the node's user");
  }

  @Test
  void aCrontabWithMoreJobsThanAliasesAllowedWritesTheEnvironmentIntoEachJob() throws IOException {
    String crontab = "PATH=/usr/bin:/bin\n" + IntStream.range(0, 60).mapToObj(i -> i + " * * * * /opt/bin/task-" + i + "\n")
        .collect(Collectors.joining());

    CrontabImporter.Result result = new CrontabImporter(new CrontabImporter.Options(false, Set.of())).convert(crontab, "big", NOW);

    JobSet set = load(result.yaml());
    assertThat(set.diagnostics()).isEmpty();
    assertThat(set.jobs()).hasSize(60).allSatisfy(job -> assertThat(job.execution().env()).isEqualTo(Map.of("PATH", "/usr/bin:/bin")));
  }
}
