package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import io.cronbeat.config.ConfigLoader;
import io.cronbeat.run.Attempt;
import io.cronbeat.run.AttemptOutcome;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunKind;
import io.cronbeat.run.RunState;
import io.cronbeat.store.Database;
import io.cronbeat.store.Jdbc;
import io.cronbeat.store.Runs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Black-box: {@code bin/scheduler run} as a real process on the embedded H2 file. */
class NodeProcessIT {

  @TempDir Path dir;
  private Process node;

  private Map<String, String> env() {
    return Map.of("CRONBEAT_DATA", dir.resolve("data").toString(), "CRONBEAT_SCHEDULES", dir.resolve("schedules").toString(),
        "CRONBEAT_NODE_HEARTBEAT", "1s", "CRONBEAT_NODE_LEASE", "3s", "CRONBEAT_TIMEZONE", "UTC", "CRONBEAT_HTTP_PORT", "0");
  }

  private Process start(String logName) throws IOException {
    return start(logName, Map.of());
  }

  private Process start(String logName, Map<String, String> extraEnv, String... options) throws IOException {
    List<String> command = new ArrayList<>(List.of("bin/scheduler", "run"));
    command.addAll(List.of(options));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(logName).toFile());
    builder.environment().putAll(env());
    builder.environment().putAll(extraEnv);
    node = builder.start();
    return node;
  }

  private void jobs(String yaml) throws IOException {
    Files.createDirectories(dir.resolve("schedules"));
    Files.writeString(dir.resolve("schedules/jobs.yaml"), yaml);
  }

  private <T> T inStore(Function<Runs, T> query) {
    try (Database database = Database.open(new ConfigLoader(env(), ZoneOffset.UTC).load(null))) {
      return query.apply(Runs.of(new Jdbc(database.dataSource())));
    }
  }

  private int stop(Process process) throws Exception {
    process.destroy(); // SIGTERM
    boolean exited = process.waitFor(60, TimeUnit.SECONDS);
    if (!exited) {
      Process jstack = new ProcessBuilder("jstack", Long.toString(process.pid())).redirectErrorStream(true).start();
      System.err.println(new String(jstack.getInputStream().readAllBytes()));
      try (Stream<Path> logs = Files.list(dir)) {
        for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
          System.err.println("--- " + log + "\n" + Files.readString(log));
        }
      }
    }
    assertThat(exited).as("the node exits after SIGTERM").isTrue();
    return process.exitValue();
  }

  @AfterEach
  void killLeftovers() throws Exception {
    if (node != null && node.isAlive()) {
      node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    Path pid = dir.resolve("orphan.pid");
    if (Files.exists(pid)) {
      ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(p -> {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      });
    }
  }

  @Test
  void runsJobsAsProcessesAndStopsCleanlyOnSigterm() throws Exception {
    jobs("jobs:\n  tick:\n    schedule: '@every 1s'\n    command: echo tick $CRONBEAT_RUN_ID\n");
    Process process = start("node.log");
    awaitStarted("node.log");
    Path logs = dir.resolve("data/logs/tick");

    await().atMost(Duration.ofSeconds(90)).until(() -> Files.isDirectory(logs) && count(logs) >= 3);
    int exit = stop(process);

    assertThat(exit).isZero();
    String output = Files.readString(dir.resolve("node.log"));
    assertThat(output).contains("job=tick run=1 attempt=1/1 started", " stopped");
    List<Run> runs = inStore(store -> store.history().history("tick", 100));
    assertThat(runs).hasSizeGreaterThanOrEqualTo(3);
    assertThat(runs.stream().map(Run::scheduledAt).toList()).doesNotHaveDuplicates();
    assertThat(runs.stream().filter(r -> r.state() == RunState.SUCCEEDED).toList()).hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void sigtermWaitsForTheRunningAttemptAndRecordsItsOutcome() throws Exception {
    jobs("jobs:\n  slow:\n    schedule: '@every 2s'\n    overlap: forbid\n    command: touch "
        + dir.resolve("started") + "-$CRONBEAT_RUN_ID; sleep 3; echo done\n");
    // A lease long enough that a loaded machine never delays its renewal past it: with the
    // class's 3 s, CI once saw the lease guard stop the first attempt (output "") and a second run it.
    Process process = start("node.log", Map.of("CRONBEAT_NODE_LEASE", "15s"));
    awaitStarted("node.log");

    await().atMost(Duration.ofSeconds(90)).until(() -> startedRun().isPresent());
    long id = startedRun().orElseThrow();
    int exit = stop(process);

    assertThat(exit).isZero();
    Run run = inStore(store -> store.history().find(id)).orElseThrow();
    assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
    List<Attempt> attempts = inStore(store -> store.history().attempts(id));
    assertThat(attempts).extracting(Attempt::outcome, Attempt::reason, Attempt::outputTail)
        .containsExactly(tuple(AttemptOutcome.SUCCEEDED, null, "done"));
  }

  @Test
  void attemptOfANodeKilledWithSigkillIsRecoveredByTheNextStart() throws Exception {
    Path first = dir.resolve("first");
    Path done = dir.resolve("first-done");
    jobs("""
        jobs:
          once:
            schedule: '@every 1h'
            command: if [ -f %2$s ]; then echo second; else echo $CRONBEAT_RUN_ID > %1$s; echo $$ > %3$s; sleep 60; fi
        """.formatted(first, done, dir.resolve("orphan.pid")));
    // The hourly job fires at once after an outage; a fresh store has none, so start it by a trigger row.
    Process doomed = start("node-1.log");
    awaitStarted("node-1.log");
    long id = inStore(store -> store.enqueue("once", RunKind.MANUAL, Instant.now(), 1,
        Instant.now(), null));
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(first) && !Files.readString(first).isBlank());

    doomed.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no drain, no goodbye
    Files.writeString(done, "");
    Process next = start("node-2.log");
    awaitStarted("node-2.log");
    await().atMost(Duration.ofSeconds(60)).until(() -> inStore(store -> store.history().find(id)).orElseThrow().state() == RunState.SUCCEEDED);
    int exit = stop(next);

    assertThat(Long.parseLong(Files.readString(first).trim())).isEqualTo(id);
    assertThat(exit).isZero();
    List<Attempt> attempts = inStore(store -> store.history().attempts(id));
    assertThat(attempts).extracting(Attempt::outcome).containsExactly(AttemptOutcome.LOST, AttemptOutcome.SUCCEEDED);
    assertThat(attempts.get(1).outputTail()).isEqualTo("second");
    assertThat(Files.readString(dir.resolve("node-2.log"))).contains("job=once run=" + id + " recovered");
  }

  /**
   * The node must open the embedded store first: with H2's automatic mixed mode the process
   * that opens the file serves it to the others, and the test's connection is short-lived.
   */
  @Test
  void withLogJobOutputEachOutputLineIsAJsonLogEventWithItsJobAndRun() throws Exception {
    jobs("jobs:\n  tick:\n    schedule: '@every 1s'\n    command: echo tick $CRONBEAT_RUN_ID\n");
    Process process = start("node.log", Map.of("CRONBEAT_LOG_JOB_OUTPUT", "true"), "--log-format", "json");
    awaitStarted("node.log");
    await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(dir.resolve("node.log")).contains("tick 1"));
    int exit = stop(process);

    JsonMapper json = JsonMapper.builder().build();
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("node.log"))) {
      events.add(json.readTree(line)); // every line an event: one that is not JSON fails here
    }
    JsonNode output = events.stream().filter(e -> e.has("formattedMessage") && e.get("formattedMessage").asString()
        .equals("tick 1")).findFirst().orElseThrow();
    assertThat(exit).isZero();
    assertThat(output.get("loggerName").asString()).isEqualTo("io.cronbeat.output");
    assertThat(output.get("level").asString()).isEqualTo("INFO");
    assertThat(output.get("mdc").get("job").asString()).isEqualTo("tick");
    assertThat(output.get("mdc").get("run").asString()).isEqualTo("1");
    assertThat(output.get("mdc").get("attempt").asString()).isEqualTo("1");
  }

  private void awaitStarted(String log) {
    await().atMost(Duration.ofSeconds(90)).until(() ->
        Files.exists(dir.resolve(log)) && Files.readString(dir.resolve(log)).contains(" started: "));
  }

  private record Cli(int exitCode, String out, String err) {}

  private Cli cli(Map<String, String> extraEnv, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bin/scheduler"));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "cli", ".out");
    Path err = Files.createTempFile(dir, "cli", ".err");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().putAll(env());
    builder.environment().putAll(extraEnv);
    Process process = builder.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Cli(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void commandsWorkInAnotherProcessWhileANodeHasTheEmbeddedStoreOpen() throws Exception {
    jobs("jobs:\n  hello:\n    command: [\"/bin/echo\", \"hello from\"]\n");
    Process process = start("node.log");
    awaitStarted("node.log");

    Cli trigger = cli(Map.of(), "trigger", "hello", "--wait", "--", "another process");
    Cli status = cli(Map.of(), "status");
    Cli history = cli(Map.of(), "history", "hello");
    int exit = stop(process);

    assertThat(trigger.exitCode()).isZero();
    assertThat(trigger.out()).isEqualTo("queued run 1 of job hello, due now\nhello from another process\n");
    assertThat(status.out()).contains("nodes:   1");
    assertThat(history.out()).containsPattern("1 +hello +manual .* SUCCEEDED +1/1 +0 ");
    assertThat(exit).isZero();
  }

  @Test
  void sigtermWhileWaitingForTheDatabaseStopsTheNodeWithoutAStackTrace() throws Exception {
    jobs("jobs:\n  tick:\n    schedule: '@every 1s'\n    command: echo tick\n");
    Process process = start("waiting.log", Map.of("CRONBEAT_STORE_URL", "jdbc:postgresql://127.0.0.1:1/nothing",
        "CRONBEAT_STORE_USER", "x", "CRONBEAT_STORE_WAIT_AT_START", "0s"));
    await().atMost(Duration.ofSeconds(90)).until(() -> Files.readString(dir.resolve("waiting.log")).contains("waiting for it"));

    int exit = stop(process);

    String output = Files.readString(dir.resolve("waiting.log"));
    assertThat(output).contains("stopped while waiting for the database").doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(exit).isZero();
  }

  @Test
  void sigtermWhileTheEmbeddedStoreOpensStopsTheNodeWithoutAStackTrace() throws Exception {
    jobs("jobs:\n  tick:\n    schedule: '@every 1s'\n    command: echo tick\n");
    Process process = start("opening.log");
    // The TERM lands while the store opens (H2, Flyway, Quartz): nothing there may be interrupted.
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
        .until(() -> Files.readString(dir.resolve("opening.log")).contains("node starting"));

    int exit = stop(process);

    String output = Files.readString(dir.resolve("opening.log"));
    assertThat(output).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("error:");
    assertThat(exit).isZero();
  }

  @Test
  void unreachableStoreIsOneLineNotAStackTrace() throws Exception {
    Cli history = cli(Map.of("CRONBEAT_STORE_URL", "jdbc:postgresql://127.0.0.1:1/nothing", "CRONBEAT_STORE_USER", "x"),
        "history");

    assertThat(history.exitCode()).isEqualTo(1);
    assertThat(history.err()).startsWith("error: cannot prepare the database schema at jdbc:postgresql://127.0.0.1:1/nothing: ")
        .doesNotContain("\tat ").doesNotContain("Exception:");
    assertThat(history.err().lines().count()).isEqualTo(2);
  }

  private Optional<Long> startedRun() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("started-"))
          .map(n -> Long.parseLong(n.substring("started-".length()))).findFirst();
    }
  }

  private static long count(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.count();
    }
  }
}
