package io.cronbeat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code --json} on the commands that print data about schedules and job files, in the names the
 * API uses ({@code nextFireTimes}, {@code description}); and the options a command has no use for
 * are not offered there.
 */
class JsonOutputTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;

  private static JsonNode json(CliRun run) {
    assertThat(run.err()).isEmpty();
    return JSON.readTree(run.out());
  }

  @Test
  void nextOfAnExpressionAsJson() {
    CliRun run = CliRun.of("next", "--cron", "30 2 * * *", "--tz", "America/New_York", "--from",
        "2026-03-07T00:00:00-05:00", "--limit", "2", "--json");

    JsonNode next = json(run);
    assertThat(run.exitCode()).isZero();
    assertThat(next.propertyNames()).containsExactly("job", "schedule", "description", "often", "asCron", "daylightSaving",
        "zone", "nextFireTimes");
    assertThat(next.get("job").isNull()).isTrue();
    assertThat(next.get("schedule").asString()).isEqualTo("30 2 * * *");
    assertThat(next.get("zone").asString()).isEqualTo("America/New_York");
    assertThat(next.get("nextFireTimes").valueStream().map(JsonNode::asString))
        .containsExactly("2026-03-07T07:30:00Z", "2026-03-08T07:00:00Z");
  }

  @Test
  void nextOfAJobAsJsonAndOfAManualJob() throws Exception {
    Files.writeString(dir.resolve("jobs.yaml"), "jobs:\n  often:\n    command: 'true'\n    schedule: '@every 30s'\n"
        + "  by-hand:\n    command: 'true'\n");

    JsonNode often = json(CliRun.of("next", "often", "--schedules", dir.toString(), "-n", "1", "--from",
        "2026-11-23T12:00:10Z", "--json"));
    JsonNode manual = json(CliRun.of("next", "by-hand", "--schedules", dir.toString(), "--json"));

    assertThat(often.get("job").asString()).isEqualTo("often");
    assertThat(often.get("schedule").asString()).isEqualTo("@every 30s");
    assertThat(often.get("often").asString()).isEqualTo("fires every 30 seconds");
    assertThat(often.get("nextFireTimes").valueStream().map(JsonNode::asString)).containsExactly("2026-11-23T12:00:30Z");
    assertThat(manual.get("schedule").isNull()).isTrue();
    assertThat(manual.get("nextFireTimes")).isEmpty();
  }

  @Test
  void explainAsJson() {
    CliRun run = CliRun.of("explain", "@daily", "--tz", "Europe/London", "--json");

    JsonNode explained = json(run);
    assertThat(run.exitCode()).isZero();
    assertThat(explained.get("schedule").asString()).isEqualTo("@daily");
    assertThat(explained.get("description").asString()).isEqualTo("at 00:00");
    assertThat(explained.get("asCron").asString()).isEqualTo("0 0 * * *");
    assertThat(explained.get("daylightSaving").asString()).isEqualTo("fixed-time");
    assertThat(explained.get("zone").asString()).isEqualTo("Europe/London");
    assertThat(explained.get("nextFireTimes").valueStream().map(JsonNode::asString))
        .containsExactly("2026-11-24T00:00:00Z", "2026-11-25T00:00:00Z", "2026-11-26T00:00:00Z");
  }

  @Test
  void validateAsJsonListsTheJobsOrEveryErrorAndKeepsItsExitCode() throws Exception {
    Files.writeString(dir.resolve("jobs.yaml"), "jobs:\n  often:\n    command: 'true'\n    schedule: '@every 30s'\n");
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "jobs:\n  late:\n    command: 'true'\n    timeout: 30\n");

    CliRun valid = CliRun.of("validate", dir.resolve("jobs.yaml").toString(), "--json");
    CliRun invalid = CliRun.of("validate", bad.toString(), "--json");

    JsonNode ok = json(valid);
    assertThat(valid.exitCode()).isZero();
    assertThat(ok.get("valid").asBoolean()).isTrue();
    assertThat(ok.get("files").asInt()).isEqualTo(1);
    assertThat(ok.get("jobs")).singleElement().satisfies(job -> {
      assertThat(job.get("name").asString()).isEqualTo("often");
      assertThat(job.get("line").asInt()).isEqualTo(2);
      assertThat(job.get("schedule").asString()).isEqualTo("@every 30s");
      assertThat(job.get("often").asString()).isEqualTo("fires every 30 seconds");
    });
    assertThat(ok.get("errors")).isEmpty();
    JsonNode failed = json(invalid);
    assertThat(invalid.exitCode()).isEqualTo(2);
    assertThat(failed.get("valid").asBoolean()).isFalse();
    assertThat(failed.get("jobs")).isEmpty();
    assertThat(failed.get("errors")).singleElement().satisfies(error -> {
      assertThat(error.get("file").asString()).isEqualTo(bad.toString());
      assertThat(error.get("line").asInt()).isEqualTo(4);
      assertThat(error.get("column").asInt()).isEqualTo(14);
      assertThat(error.get("message").asString()).isEqualTo("timeout '30' is not a duration");
      assertThat(error.get("hint").asString()).isEqualTo("add a unit: write 30s for seconds or 30m for minutes");
    });
  }

  @ParameterizedTest(name = "{0} does not offer --schedules")
  @ValueSource(strings = {"history", "status", "logs 1", "cancel 1", "pause x", "resume x", "submit -- true", "explain @daily",
      "migrate", "token"})
  void commandsThatReadNoJobFilesDoNotOfferSchedules(String command) {
    String[] words = (command.replace(" -- ", " --schedules . -- ") + (command.contains(" -- ") ? "" : " --schedules .")).split(" ");

    CliRun run = CliRun.of(Map.of("CRONBEAT_DATA", dir.resolve("data").toString()), words);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("Unknown option").contains("'--schedules'");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void theHowManyOptionIsNamedTheSameOnNextAndHistory() {
    assertThat(CliRun.of("next", "--help").out()).contains("-n, --limit=N");
    assertThat(CliRun.of("history", "--help").out()).contains("-n, --limit=N");
  }

  @Test
  void nextRefusesTheExpressionOnlyOptionsWithAJob() {
    CliRun name = CliRun.of("next", "nightly-backup", "--name", "x");
    CliRun zone = CliRun.of("next", "nightly-backup", "--tz", "UTC");

    assertThat(name.exitCode()).isEqualTo(2);
    assertThat(name.err()).startsWith("--name goes with --cron; a job's H hashes from the job's own name\n");
    assertThat(zone.exitCode()).isEqualTo(2);
    assertThat(zone.err()).startsWith("--tz goes with --cron; a job's zone is set in its file\n");
  }
}
