package io.cronbeat.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import io.cronbeat.testing.LogCapture;
import java.util.Map;
import java.util.UUID;
import org.postgresql.ds.PGSimpleDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RunTableVacuum}: what autovacuum would do for cb_runs, on a PostgreSQL server where it is off. */
class RunTableVacuumTest {

  @TempDir Path dir;

  @Test
  void itVacuumsAtAutovacuumsThresholds() {
    assertThat(RunTableVacuum.due(50, 0, 0)).isFalse();
    assertThat(RunTableVacuum.due(51, 0, 0)).isTrue();
    assertThat(RunTableVacuum.due(2_050, 10_000, 0)).isFalse();
    assertThat(RunTableVacuum.due(2_051, 10_000, 0)).isTrue();
    assertThat(RunTableVacuum.due(0, 10_000, 1_051)).as("changed since the last analysis").isTrue();
  }

  @Test
  void runsThatCameAndWentAreVacuumedAwayWhereAutovacuumIsOffAndLeftToItWhereItIsOn() throws Exception {
    try (TestStore store = TestStore.create(TestStore.Kind.POSTGRESQL, dir);
        Database database = Database.open(store.config(Map.of()))) {
      Jdbc jdbc = new Jdbc(database.dataSource());
      boolean autovacuum = autovacuumOn(jdbc);
      jdbc.update("INSERT INTO cb_runs (job, kind, scheduled_at, state, due_at, max_attempts, created_at)"
          + " SELECT 'job', 'SCHEDULED', n, 'QUEUED', n, 1, 0 FROM generate_series(1, 1000) n");
      jdbc.update("UPDATE cb_runs SET state = 'RUNNING', attempts = 1");
      jdbc.update("UPDATE cb_runs SET state = 'SUCCEEDED'");

      // A session reports its rows' counts within a few seconds of its commit.
      boolean vacuumed = false;
      for (Instant until = Instant.now().plus(Duration.ofSeconds(20)); !vacuumed && Instant.now().isBefore(until); ) {
        vacuumed = RunTableVacuum.pass(database.dataSource()) == RunTableVacuum.Pass.VACUUMED;
        Thread.sleep(vacuumed ? 0 : 250);
      }

      assertThat(vacuumed).as("vacuumed, with autovacuum %s", autovacuum ? "on" : "off").isEqualTo(!autovacuum);
      if (!autovacuum) {
        assertThat(jdbc.one("SELECT vacuum_count, analyze_count FROM pg_stat_user_tables WHERE relid = 'cb_runs'::regclass",
            row -> new long[] {row.getLong(1), row.getLong(2)}).orElseThrow()).containsExactly(1, 1);
        assertThat(RunTableVacuum.pass(database.dataSource())).as("again at once").isEqualTo(RunTableVacuum.Pass.NOT_NEEDED);
      }
    }
  }

  @Test
  void aStoreUserThatDoesNotOwnTheTableIsToldOnceThatNothingVacuumsIt() throws Exception {
    try (TestStore store = TestStore.create(TestStore.Kind.POSTGRESQL, dir);
        Database database = Database.open(store.config(Map.of()))) {
      Jdbc owner = new Jdbc(database.dataSource());
      boolean autovacuum = autovacuumOn(owner);
      String schema = owner.one("SELECT current_schema()", row -> row.getString(1)).orElseThrow();
      String other = "cb_other_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      owner.update("CREATE ROLE " + other + " LOGIN");
      try {
        owner.update("GRANT USAGE ON SCHEMA " + schema + " TO " + other);
        PGSimpleDataSource asOther = new PGSimpleDataSource();
        asOther.setURL(store.env().get("CRONBEAT_STORE_URL"));
        asOther.setUser(other);

        assertThat(RunTableVacuum.pass(asOther)).isEqualTo(autovacuum ? RunTableVacuum.Pass.NOT_NEEDED : RunTableVacuum.Pass.NOT_OWNER);
        try (LogCapture log = LogCapture.cronbeat()) {
          RunTableVacuum vacuum = new RunTableVacuum(asOther);
          vacuum.look();
          vacuum.look();
          assertThat(log.events()).filteredOn(e -> e.getFormattedMessage().contains("does not own cb_runs"))
              .as("warnings, with autovacuum %s", autovacuum ? "on" : "off").hasSize(autovacuum ? 0 : 1);
        }
      } finally {
        owner.update("DROP OWNED BY " + other);
        owner.update("DROP ROLE " + other);
      }
    }
  }

  private static boolean autovacuumOn(Jdbc jdbc) {
    return jdbc.one("SELECT current_setting('autovacuum') = 'on'", row -> row.getBoolean(1)).orElseThrow();
  }
}
