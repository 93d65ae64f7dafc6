package io.cronbeat.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.cronbeat.timing.EverySchedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobLoaderTest {

  static final Path VALID = Path.of("src/test/resources/jobs/valid");
  static final Clock NOW = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

  private final JobLoader loader = new JobLoader(ZoneId.of("America/Chicago"), NOW);

  @TempDir Path dir;

  @Test
  void readsEveryFieldOfAJob() {
    JobSet set = loader.load(List.of(VALID.resolve("all-fields.yaml")));

    assertThat(set.diagnostics()).isEmpty();
    JobDefinition job = set.job("nightly-backup").orElseThrow();
    assertThat(job.description()).isEqualTo("Dump the database and keep a week of dumps");
    assertThat(job.enabled()).isFalse();
    assertThat(job.when().orElseThrow().text()).isEqualTo("30 2 * * *");
    assertThat(job.when().orElseThrow().zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(job.when().orElseThrow().schedule().nextAfter(NOW.instant()))
        .contains(Instant.parse("2026-11-24T01:30:00Z"));
    assertThat(job.execution().work()).isEqualTo(Command.shell("pg_dump mydb > /var/backups/db-$(date +%F).sql"));
    assertThat(((Command) job.execution().work()).argv()).startsWith("/bin/sh", "-c");
    assertThat(job.execution().workdir()).contains(Path.of("/var/backups"));
    assertThat(job.execution().env()).isEqualTo(Map.of("PGHOST", "db.internal", "PGPORT", "5432", "EMPTY", ""));
    assertThat(job.execution().timeout()).contains(Duration.ofMinutes(90));
    assertThat(job.policies()).isEqualTo(new JobDefinition.Policies(
        new RetryPolicy(5, Duration.ofSeconds(30), Duration.ofMinutes(10)), Overlap.REPLACE, CatchUp.ALL, Duration.ofMinutes(2)));
    assertThat(job.notifications()).isEqualTo(new Notify(Optional.of("https://hooks.example.com/cron/${HOOK_TOKEN}"),
        Map.of("Authorization", "Bearer ${HOOK_SECRET}"), Optional.of(Command.argv(List.of("notify-send", "backup"))),
        Set.of(Notify.Event.FAILURE, Notify.Event.TIMEOUT, Notify.Event.OVERDUE)));
    assertThat(job.expect()).contains(Duration.ofHours(3));
    assertThat(job.source().toString()).isEqualTo(VALID.resolve("all-fields.yaml") + ":3:3");
  }

  @Test
  void readsANodeSelectorAndAConcurrencyGroup() {
    JobSet set = loader.load(List.of(VALID.resolve("placement.yaml")));

    assertThat(set.diagnostics()).isEmpty();
    Placement backup = set.job("pg-backup").orElseThrow().placement();
    assertThat(backup.nodes().labels()).isEqualTo(Map.of("dc", List.of("eu-1", "eu-2"), "role", List.of("backup")));
    assertThat(backup.nodes().describe()).isEqualTo("dc=eu-1|eu-2, role=backup");
    assertThat(backup.concurrency()).contains(new ConcurrencyGroup("db-heavy", 2));
    assertThat(set.job("pg-vacuum").orElseThrow().placement().nodes().any()).isTrue();
    assertThat(loader.load(List.of(VALID.resolve("all-fields.yaml"))).job("sync").orElseThrow().placement())
        .as("a job that says nothing runs anywhere, in no group").isEqualTo(Placement.ANYWHERE);
  }

  @Test
  void aSelectorMatchesANodeWithEveryLabelItNamesAndAnyOfAListsValues() {
    NodeSelector selector = new NodeSelector(Map.of("role", List.of("backup"), "dc", List.of("eu-1", "eu-2")));

    assertThat(selector.matches(Map.of("role", "backup", "dc", "eu-2", "host", "db1"))).isTrue();
    assertThat(selector.matches(Map.of("role", "backup", "dc", "us-1"))).isFalse();
    assertThat(selector.matches(Map.of("role", "backup"))).as("a label the node lacks").isFalse();
    assertThat(selector.matches(Map.of())).isFalse();
    assertThat(NodeSelector.ANY.matches(Map.of())).isTrue();
  }

  @Test
  void appliesDefaultsToWhatAJobLeavesOut() {
    JobDefinition sync = loader.load(List.of(VALID.resolve("all-fields.yaml"))).job("sync").orElseThrow();

    assertThat(sync.enabled()).isTrue();
    assertThat(sync.when().orElseThrow().zone()).isEqualTo(ZoneId.of("America/Chicago"));
    assertThat(sync.execution().work()).isEqualTo(Command.argv(List.of("rsync", "-a", "/data/", "backup:/data/")));
    assertThat(sync.execution().timeout()).isEmpty();
    assertThat(sync.policies()).isEqualTo(JobDefinition.Policies.DEFAULTS);
    assertThat(sync.policies().overlap()).isEqualTo(Overlap.FORBID);
    assertThat(sync.policies().catchUp()).isEqualTo(CatchUp.LATEST);
    assertThat(sync.policies().retry().attempts()).isEqualTo(1);
    assertThat(sync.notifications()).isEqualTo(Notify.NOBODY);
    assertThat(sync.expect()).as("expect: off").contains(Duration.ZERO);
  }

  @Test
  void aJobThatSaysNothingOfExpectTakesTheConfiguredDefault(@TempDir Path files) throws Exception {
    Path file = files.resolve("jobs.yaml");
    java.nio.file.Files.writeString(file, """
        jobs:
          report:
            schedule: "0 8 * * *"
            command: make-report
            notify: {webhook: https://hooks.example.com/cron}
        """);
    JobDefinition report = loader.load(List.of(file)).job("report").orElseThrow();

    assertThat(report.expect()).isEmpty();
    assertThat(report.notifications().events()).containsExactlyInAnyOrder(Notify.Event.FAILURE, Notify.Event.RECOVERY,
        Notify.Event.OVERDUE);
  }

  @Test
  void hashedScheduleIsTheSameOnEveryLoadAndWithinItsRange() {
    Instant first = loader.load(List.of(VALID.resolve("all-fields.yaml"))).job("sync").orElseThrow()
        .when().orElseThrow().schedule().nextAfter(NOW.instant()).orElseThrow();
    Instant again = new JobLoader(ZoneId.of("America/Chicago"), NOW).load(List.of(VALID.resolve("all-fields.yaml")))
        .job("sync").orElseThrow().when().orElseThrow().schedule().nextAfter(NOW.instant()).orElseThrow();

    assertThat(again).isEqualTo(first);
    assertThat(first.atZone(ZoneId.of("America/Chicago")).getHour()).isBetween(0, 5);
  }

  @Test
  void acceptsByteOrderMarkAndWindowsLineEnds() {
    JobSet set = loader.load(List.of(VALID.resolve("bom-crlf.yaml")));

    assertThat(set.diagnostics()).isEmpty();
    assertThat(set.job("windows-edited").orElseThrow().execution().work().display()).isEqualTo("echo saved on Windows");
  }

  @Test
  void sharesSettingsThroughAnchorsAndMergeKeys() {
    JobSet set = loader.load(List.of(VALID.resolve("anchors.yaml")));

    assertThat(set.diagnostics()).isEmpty();
    assertThat(set.job("first").orElseThrow().execution().timeout()).contains(Duration.ofMinutes(10));
    assertThat(set.job("second").orElseThrow().execution().timeout()).contains(Duration.ofMinutes(20));
    assertThat(set.job("second").orElseThrow().policies().retry().attempts()).isEqualTo(3);
    assertThat(set.job("second").orElseThrow().when().orElseThrow().schedule())
        .isEqualTo(new EverySchedule(Duration.ofHours(2)));
  }

  @Test
  void readsHttpJobsWithTheirDefaults() {
    JobSet set = loader.load(List.of(VALID.resolve("http.yaml")));

    assertThat(set.diagnostics()).isEmpty();
    assertThat(set.job("ping").orElseThrow().execution().work())
        .isEqualTo(new HttpCall("https://internal.example.com/health", "GET", Map.of(), null, List.of("2xx")));
    HttpCall reindex = (HttpCall) set.job("search-reindex").orElseThrow().execution().work();
    assertThat(reindex.method()).as("a body makes it a POST").isEqualTo("POST");
    assertThat(reindex.url()).as("placeholders are kept as written")
        .isEqualTo("https://${SEARCH_USER}:${SEARCH_PASSWORD}@search.internal:9200/${TENANT}/_reindex?refresh=true");
    assertThat(reindex.headers()).containsEntry("Authorization", "Bearer ${SEARCH_TOKEN}");
    assertThat(reindex.body()).isEqualTo("{\"source\": \"a\", \"dest\": \"b\"}");
    assertThat(reindex.expectStatus()).containsExactly("200", "202", "3xx");
    assertThat(reindex.display()).isEqualTo("POST https://search.internal:9200/${TENANT}/_reindex");
    assertThat(reindex.toString()).doesNotContain("SEARCH_TOKEN").doesNotContain("SEARCH_PASSWORD");
    HttpCall purge = (HttpCall) set.job("purge").orElseThrow().execution().work();
    assertThat(purge.method()).isEqualTo("DELETE");
    assertThat(purge.accepts(204)).isTrue();
    assertThat(purge.accepts(200)).isFalse();
    assertThat(reindex.accepts(302)).isTrue();
    assertThat(reindex.accepts(201)).isFalse();
  }

  @Test
  void jobWithoutScheduleRunsOnlyWhenTriggered() {
    JobDefinition reindex = loader.load(List.of(VALID.resolve("manual-only.yaml"))).job("reindex").orElseThrow();

    assertThat(reindex.when()).isEmpty();
  }

  @Test
  void loadsEveryFileOfADirectoryAndCountsThem() {
    JobSet set = loader.load(List.of(VALID));

    assertThat(set.valid()).isTrue();
    assertThat(set.files()).isEqualTo(6);
    assertThat(set.jobs()).extracting(JobDefinition::name)
        .containsExactly("nightly-backup", "sync", "first", "second", "windows-edited", "ping", "search-reindex", "purge",
            "reindex", "pg-backup", "pg-vacuum");
  }

  @Test
  void filesReadInParallelGiveTheOrderAndDuplicatesOfReadingThemOneByOne() throws IOException {
    // Enough files for the loader's parallel read to take them on several threads.
    for (int file = 0; file < 40; file++) {
      StringBuilder yaml = new StringBuilder("jobs:\n");
      for (int job = 0; job < 25; job++) {
        yaml.append(String.format("  job-%02d-%02d:%n    command: 'true'%n    schedule: '@daily'%n", file, job));
      }
      if (file == 7 || file == 31) {
        yaml.append("  twice:\n    command: 'true'\n    schedule: '@hourly'\n");
      }
      Files.writeString(dir.resolve(String.format("f%02d.yaml", file)), yaml);
    }

    JobSet set = loader.load(List.of(dir));

    assertThat(set.diagnostics()).singleElement().satisfies(d -> {
      assertThat(Path.of(d.file()).getFileName()).hasToString("f31.yaml");
      assertThat(d.line()).isEqualTo(77);
      assertThat(d.message()).isEqualTo("job 'twice' is already declared at " + dir.resolve("f07.yaml") + ":77:3");
    });
    assertThat(set.jobs()).hasSize(40 * 25 + 1);
    assertThat(set.jobs().subList(0, 3)).extracting(JobDefinition::name).containsExactly("job-00-00", "job-00-01", "job-00-02");
    assertThat(set.jobs().get(7 * 25 + 25)).extracting(JobDefinition::name).isEqualTo("twice");
    assertThat(set.jobs().get(set.jobs().size() - 1)).extracting(JobDefinition::name).isEqualTo("job-39-24");
  }

  @Test
  void shippedExampleSchedulesAreValid() {
    JobSet set = loader.load(List.of(Path.of("schedules")));

    assertThat(set.diagnostics()).isEmpty();
    assertThat(set.jobs()).extracting(JobDefinition::name)
        .containsExactlyInAnyOrder("nightly-backup", "disk-report", "scratch-cleanup", "heartbeat");
  }

  @Test
  void oneBadFileInvalidatesTheWholeSetButStillReportsEveryFile() throws IOException {
    Files.writeString(dir.resolve("a.yaml"), "jobs:\n  good:\n    command: 'true'\n    schedule: '@daily'\n");
    Files.writeString(dir.resolve("b.yaml"), "jobs:\n  bad:\n    command: 'true'\n    schedule: '* * *'\n");
    Files.writeString(dir.resolve("c.yml"), "jobs:\n  worse:\n    command: 'true'\n    timezone: Nowhere/Land\n");
    Files.writeString(dir.resolve("notes.txt"), "not a job file");

    JobSet set = loader.load(List.of(dir));

    assertThat(set.valid()).isFalse();
    assertThat(set.files()).isEqualTo(3);
    assertThat(set.diagnostics()).extracting(d -> Path.of(d.file()).getFileName().toString() + ":" + d.line())
        .containsExactly("b.yaml:4", "c.yml:4");
  }

  @Test
  void refusesFilesOverTheSizeLimitWithoutParsingThem() throws IOException {
    Path big = dir.resolve("big.yaml");
    Files.writeString(big, "jobs: {}\n# " + "x".repeat(1024 * 1024) + "\n");

    JobSet set = loader.load(List.of(big));

    assertThat(set.diagnostics()).singleElement().satisfies(d -> {
      assertThat(d.message()).isEqualTo("file is larger than 1024 KiB");
      assertThat(d.line()).isEqualTo(1);
    });
  }

  @Test
  void hostileYamlIsRejectedQuicklyAndInstantiatesNothing() throws IOException {
    Path tagged = dir.resolve("tagged.yaml");
    Files.writeString(tagged, "jobs:\n  x:\n    command: !!io.cronbeat.job.Tripwire {}\n");
    Path laughs = dir.resolve("laughs.yaml");
    StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int level = 1; level < 40; level++) {
      yaml.append("a").append(level).append(": &a").append(level).append(" [")
          .append(String.join(", ", java.util.Collections.nCopies(10, "*a" + (level - 1)))).append("]\n");
    }
    Files.writeString(laughs, yaml);
    Path deep = dir.resolve("deep.yaml");
    Files.writeString(deep, "jobs: " + "{a: ".repeat(5000) + "1" + "}".repeat(5000) + "\n");

    // A guard against a hang, not a speed test: each file would take forever if expanded.
    JobSet set = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> loader.load(List.of(tagged, laughs, deep)));

    assertThat(Tripwire.constructed).isFalse();
    assertThat(set.diagnostics()).extracting(d -> Path.of(d.file()).getFileName() + ": " + d.message())
        .containsExactly(
            "tagged.yaml: invalid YAML: YAML tag '!!io.cronbeat.job.Tripwire' is not allowed",
            "laughs.yaml: invalid YAML: Number of aliases for non-scalar nodes exceeds the specified max=50",
            "deep.yaml: invalid YAML: Nesting Depth exceeded max 32");
  }

  @Test
  void missingPathIsReportedNotIgnored() {
    JobSet set = loader.load(List.of(dir.resolve("nope")));

    assertThat(set.diagnostics()).singleElement()
        .satisfies(d -> assertThat(d.message()).isEqualTo("no such file or directory"));
  }
}
