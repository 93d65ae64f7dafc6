package io.cronbeat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate, graph and trigger on chains (after:), with their exact output. */
class ChainCommandsTest {

  private static final String INVALID = "src/test/resources/jobs/invalid";

  @TempDir Path dir;

  private Map<String, String> env() throws IOException {
    Files.writeString(dir.resolve("jobs.yaml"), """
        jobs:
          extract:
            schedule: "30 2 * * *"
            command: /opt/etl/extract
          load:
            command: /opt/etl/load
            after: {job: extract, on: success}
          alert:
            command: /opt/etl/alert
            after: {job: extract, on: failure}
          audit:
            schedule: "@weekly"
            command: /opt/etl/audit
          report:
            command: /opt/etl/report
            after: {all: [load, audit], on: finished}
          publish:
            command: /opt/etl/publish
            after: {job: report}
          heartbeat:
            schedule: "@hourly"
            command: /opt/heartbeat
        """);
    return Map.of("CRONBEAT_TIMEZONE", "UTC", "CRONBEAT_SCHEDULES", dir.toString(), "CRONBEAT_DATA", dir.resolve("data").toString());
  }

  @Test
  void validateNamesACycleAsTheRunsWouldFollowIt() {
    CliRun run = CliRun.of("validate", INVALID + "/chain-cycle.yaml");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("""
        %1$s/chain-cycle.yaml:5:18: error: after makes a cycle: backup → verify → backup; each job would queue the next one forever
          hint: remove one after: of the cycle; a job cannot run after its own runs
        %1$s/chain-cycle.yaml:11:18: error: after makes a cycle: report → report; each job would queue the next one forever
          hint: remove one after: of the cycle; a job cannot run after its own runs
        2 errors in 1 file
        """.formatted(INVALID));
  }

  @Test
  void validateSuggestsTheJobAnUnknownUpstreamWasMeantToBe() {
    CliRun run = CliRun.of("validate", INVALID + "/chain-unknown.yaml");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("""
        %1$s/chain-unknown.yaml:7:18: error: job 'verify' runs after 'bakup', which no job file declares: did you mean 'backup'?
          hint: write 'backup', or the name of another job declared in a job file
        %1$s/chain-unknown.yaml:11:21: error: job 'report' runs after 'cleanup-tmp', which no job file declares
          hint: name a job declared in one of the job files
        """.formatted(INVALID)).endsWith("5 errors in 1 file\n");
  }

  @Test
  void graphPrintsEachChainAsATreeAndTheJobsInNone() throws IOException {
    CliRun run = CliRun.of(env(), "graph");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("""
        audit  schedule '@weekly'
        └── report  once all of load, audit have finished
            └── publish  on success
        extract  schedule '30 2 * * *'
        ├── alert  on failure
        └── load  on success
            └── report  once all of load, audit have finished  (its jobs are shown above)
        1 job in no chain: heartbeat
        """);
  }

  @Test
  void graphOfOneJobShowsWhatRunsAfterItAndJsonListsTheEdges() throws IOException {
    Map<String, String> env = env();
    CliRun tree = CliRun.of(env, "graph", "load");
    CliRun json = CliRun.of(env, "graph", "extract", "--json");
    CliRun unknown = CliRun.of(env, "graph", "lod");

    assertThat(tree.out()).isEqualTo("load  on success\n└── report  once all of load, audit have finished\n    └── publish  on success\n");
    assertThat(json.out().replaceAll("\\s+", "")).isEqualTo("[{\"upstream\":\"extract\",\"downstream\":\"alert\",\"need\":\"any\","
        + "\"on\":\"failure\"},{\"upstream\":\"extract\",\"downstream\":\"load\",\"need\":\"any\",\"on\":\"success\"},"
        + "{\"upstream\":\"load\",\"downstream\":\"report\",\"need\":\"all\",\"on\":\"finished\"},"
        + "{\"upstream\":\"report\",\"downstream\":\"publish\",\"need\":\"any\",\"on\":\"success\"}]");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).startsWith("error: no job named 'lod' in " + dir + ": did you mean 'load'?\n");
  }

  @Test
  void planAndListShowEachJobsAfter() throws IOException {
    Map<String, String> env = env();
    assertThat(CliRun.of(env, "migrate").exitCode()).isZero();

    CliRun plan = CliRun.of(env, "plan");
    CliRun list = CliRun.of(env, "list");
    CliRun json = CliRun.of(env, "plan", "--json");

    assertThat(plan.exitCode()).isEqualTo(3);
    assertThat(plan.out()).contains("+ extract  schedule '30 2 * * *' in UTC\n", "+ load  after extract (success)\n",
        "+ report  after all of load, audit (finished)\n", "+ heartbeat  schedule '@hourly' in UTC\n");
    assertThat(json.out().replaceAll("\\s+", "")).endsWith("\"after\":{\"alert\":{\"need\":\"any\",\"on\":\"failure\","
        + "\"jobs\":[\"extract\"]},\"load\":{\"need\":\"any\",\"on\":\"success\",\"jobs\":[\"extract\"]},"
        + "\"publish\":{\"need\":\"any\",\"on\":\"success\",\"jobs\":[\"report\"]},"
        + "\"report\":{\"need\":\"all\",\"on\":\"finished\",\"jobs\":[\"load\",\"audit\"]}}}");
    assertThat(list.out().lines().toList().get(0)).matches("JOB +SCHEDULE +ZONE +NEXT +LAST +AFTER");
    assertThat(list.out()).containsPattern("\nload +\\(after\\) .* extract \\(success\\)\n")
        .containsPattern("\nheartbeat +@hourly .* -\n");
  }

  @Test
  void graphAndTriggerDescribeChainsInTheirHelp() {
    assertThat(CliRun.of("graph", "--help").out()).startsWith("Usage: scheduler graph").contains("--json");
    assertThat(CliRun.of("trigger", "--help").out()).contains("--with-downstream");
  }
}
