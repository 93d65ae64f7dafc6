package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cronbeat.store.Database;
import io.cronbeat.store.Jdbc;
import io.cronbeat.store.TestStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A start refused for an invalid job file, on a store that is already there, leaves it as it was
 * and closed: no job, trigger, node row or schema change, no file or mode changed (a node that
 * opened its store while reading its files, issue 8, would have to close it again on a refusal).
 */
class RefusedStartTest {

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL"})
  void aRefusedStartOnAnExistingStoreLeavesItAsItWasAndClosed(TestStore.Kind kind) throws Exception {
    try (NodeHarness harness = new NodeHarness(kind, dir)) {
      harness.jobs("a.yaml", "jobs:\n  a:\n    schedule: '@daily'\n    command: 'true'\n");
      harness.start();
      harness.stop();
      List<String> rows = rows(harness);
      List<String> files = files(dir.resolve("data"));

      // A changed job next to an invalid file: a start that went on would change a's row.
      harness.jobs("a.yaml", "jobs:\n  a:\n    schedule: '@hourly'\n    command: 'false'\n");
      harness.jobs("b.yaml", "jobs:\n  b:\n    schedule: 'every now and then'\n    command: 'true'\n");
      assertThatThrownBy(harness::start).isInstanceOf(Node.InvalidSchedulesException.class);

      // H2 deletes its lock file (which names the server of the open store) when the last connection closes.
      assertThat(files(dir.resolve("data"))).as("the data directory's files and modes, no store left open").isEqualTo(files);
      assertThat(rows(harness)).as("jobs, triggers, nodes and schema").isEqualTo(rows);
    }
  }

  /** What the store holds that a start would change, read on a pool of the test's own, closed again. */
  private static List<String> rows(NodeHarness harness) {
    try (Database database = Database.open(harness.config())) {
      Jdbc jdbc = new Jdbc(database.dataSource());
      return Stream.of(
          jdbc.query("SELECT name, fingerprint, enabled FROM cb_jobs ORDER BY name",
              row -> row.getString(1) + " " + row.getString(2) + " " + row.getBoolean(3)),
          jdbc.query("SELECT TRIGGER_NAME, NEXT_FIRE_TIME FROM QRTZ_TRIGGERS ORDER BY TRIGGER_NAME",
              row -> row.getString(1) + " " + row.getLong(2)),
          jdbc.query("SELECT id, stopped_at FROM cb_nodes ORDER BY id", row -> row.getString(1) + " " + row.getString(2)),
          List.of("schema " + database.schemaVersion())).flatMap(List::stream).toList();
    }
  }

  /**
   * Every file and its mode, but H2's trace file: with assertions on (as the tests run), H2 2.3's
   * compaction when a just-opened store closes may fail an assertion and trace it there (closing a
   * store opened with Database.open does it in this JVM), which says nothing about the start.
   */
  private static List<String> files(Path data) throws IOException {
    try (Stream<Path> all = Files.walk(data)) {
      return all.filter(path -> !path.getFileName().toString().equals("cronbeat.trace.db")).sorted().map(path -> {
        try {
          return data.relativize(path) + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
  }
}
