package io.cronbeat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronbeat.store.Database;
import io.cronbeat.store.Jdbc;
import io.cronbeat.store.TestStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Commands check the store's schema and say what to do; only nodes and {@code scheduler migrate} change it. */
class SchemaCheckTest {

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aCommandOnAStoreWithoutTheSchemaSaysToMigrateAndChangesNothing(TestStore.Kind kind) throws Exception {
    try (TestStore store = TestStore.create(kind, dir.resolve("data"))) {
      Map<String, String> env = env(store);

      CliRun list = CliRun.of(env, "list");
      CliRun again = CliRun.of(env, "list");
      boolean createdByList = Files.exists(dir.resolve("data/cronbeat.mv.db"));
      CliRun migrate = CliRun.of(env, "migrate");
      CliRun after = CliRun.of(env, "list");

      assertThat(list.exitCode()).isEqualTo(1);
      if (kind == TestStore.Kind.H2) {
        // An embedded store that does not exist is not created by a command.
        assertThat(list.err()).startsWith("error: no store at " + dir.resolve("data") + " — is the node configured");
        assertThat(createdByList).isFalse();
      } else {
        assertThat(list.err()).matches("error: the store at \\S+ has no cronbeat schema yet\n"
            + "  hint: start a node \\(scheduler run\\) or run 'scheduler migrate' to create it\n");
      }
      assertThat(again.err()).isEqualTo(list.err());
      assertThat(migrate.exitCode()).isEqualTo(0);
      assertThat(migrate.out()).matches("store \\S+: schema up to date \\(version \\d+\\)\n");
      assertThat(after.exitCode()).isEqualTo(0);
      assertThat(after.out()).contains("hello");
    }
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aCommandOnAnOlderSchemaSaysSoAndLeavesItAlone(TestStore.Kind kind) throws Exception {
    try (TestStore store = TestStore.create(kind, dir.resolve("data"))) {
      Map<String, String> env = env(store);
      try (Database current = Database.open(store.config(Map.of()))) {
        // The store as an older cronbeat left it: its history ends at version 3.
        String quote = kind == TestStore.Kind.MARIADB ? "`" : "\"";
        new Jdbc(current.dataSource()).update("DELETE FROM " + quote + "cb_schema_history" + quote + " WHERE " + quote + "version"
            + quote + " NOT IN ('1', '2', '3')");
      }

      CliRun status = CliRun.of(env, "status");

      assertThat(status.exitCode()).isEqualTo(1);
      assertThat(status.err()).matches("error: the store's schema \\(version 3\\) is older than this cronbeat \\(version \\d+\\)\n"
          + "  hint: start a node \\(scheduler run\\) or run 'scheduler migrate' to bring it up to date\n");
    }
  }

  private Map<String, String> env(TestStore store) throws Exception {
    Path schedules = Files.createDirectories(dir.resolve("schedules"));
    Files.writeString(schedules.resolve("hello.yaml"), "jobs:\n  hello: {schedule: '@hourly', command: 'true'}\n");
    Map<String, String> env = new HashMap<>(store.env());
    env.put("CRONBEAT_SCHEDULES", schedules.toString());
    env.put("CRONBEAT_TIMEZONE", "UTC");
    return env;
  }
}
