package io.cronbeat.node;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.run.JobSpec;
import io.cronbeat.run.Run;
import io.cronbeat.store.Database;
import io.cronbeat.store.Jdbc;
import io.cronbeat.store.JobTable;
import io.cronbeat.store.RunHistory;
import io.cronbeat.store.RunQueue;
import io.cronbeat.store.Runs;
import io.cronbeat.store.TestStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A node in this JVM on a fresh real store, with short heartbeats and leases, and a second
 * connection pool for the test to look at the tables with.
 */
final class NodeHarness implements AutoCloseable {

  final TestStore store;
  final Path schedules;
  private final Map<String, String> settings = new HashMap<>(Map.of(
      "CRONBEAT_NODE_HEARTBEAT", "1s",
      "CRONBEAT_NODE_LEASE", "3s",
      "CRONBEAT_NODE_POLL", "1s",
      "CRONBEAT_NODE_SHUTDOWN_GRACE", "10s"));
  private Database inspector;
  Node node;

  NodeHarness(TestStore.Kind kind, Path dir) throws IOException {
    this.store = TestStore.create(kind, dir.resolve("data"));
    this.schedules = Files.createDirectories(dir.resolve("schedules"));
  }

  NodeHarness set(String variable, String value) {
    settings.put(variable, value);
    return this;
  }

  NodeHarness jobs(String file, String yaml) throws IOException {
    Files.writeString(schedules.resolve(file), yaml);
    return this;
  }

  CronbeatConfig config() {
    return store.config(settingsAndSchedules());
  }

  /** The environment of a command on this store and these job files. */
  Map<String, String> env() {
    Map<String, String> all = new HashMap<>(store.env());
    all.putAll(settingsAndSchedules());
    all.put("CRONBEAT_TIMEZONE", "UTC");
    return all;
  }

  private Map<String, String> settingsAndSchedules() {
    Map<String, String> all = new HashMap<>(settings);
    all.put("CRONBEAT_SCHEDULES", schedules.toString());
    return all;
  }

  Node start() {
    node = Node.start(config(), Clock.systemUTC());
    return node;
  }

  /** A node whose every attempt goes to {@code executor} instead of its job's command. */
  Node start(io.cronbeat.exec.Executor executor) {
    node = Node.start(config(), Clock.systemUTC(), executor);
    return node;
  }

  void stop() {
    if (node != null) {
      node.stop();
      node = null;
    }
  }

  Jdbc jdbc() {
    if (inspector == null) {
      inspector = Database.open(config());
    }
    return new Jdbc(inspector.dataSource());
  }

  RunQueue queue() {
    return new RunQueue(jdbc());
  }

  RunHistory history() {
    return new RunHistory(jdbc());
  }

  /** The queue and history, and the ways a test fills the queue by hand. */
  Runs runs() {
    return Runs.of(jdbc());
  }

  /**
   * Queues {@code count} runs of a submitted command, all due now, in one transaction (so that
   * every node finds the whole backlog at once).
   *
   * @return their ids, oldest first
   */
  List<Long> queueBacklog(String job, int count) {
    Jdbc jdbc = jdbc();
    String definition = new JobTable(jdbc, Clock.systemUTC()).toJson(JobSpec.adHoc(job, List.of("true"), 1,
        Duration.ofSeconds(30), null));
    long now = System.currentTimeMillis();
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(new Object[] {job, now, now, definition});
    }
    jdbc.transaction(connection -> Jdbc.batch(connection, "INSERT INTO cb_runs (job, kind, state, due_at, attempts,"
        + " max_attempts, created_at, definition) VALUES (?, 'SUBMITTED', 'QUEUED', ?, 0, 1, ?, ?)", rows));
    return jdbc.query("SELECT id FROM cb_runs WHERE job = ? ORDER BY id", row -> row.getLong(1), job);
  }

  /** Every run of a job, oldest first. */
  List<Run> runsOf(String job) {
    List<Run> runs = new ArrayList<>(history().history(job, 10_000));
    Collections.reverse(runs);
    return runs;
  }

  @Override
  public void close() throws Exception {
    stop();
    if (inspector != null) {
      inspector.close();
    }
    store.close();
  }
}
