package io.cronbeat.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a PostgreSQL server whose autovacuum is off (this project's own runs so), does for
 * {@code cb_runs} what autovacuum would: vacuums and analyses it once autovacuum's own default
 * thresholds are passed. Every run's claim and end leave a dead row version and its index
 * entries behind; without a vacuum the queue index's dead entries pile up in front of the due
 * runs, and without statistics the planner takes the due query (oldest queued runs first) for a
 * tiny one and reads every one of those entries and its row version at each claim pass: 0.9 s of
 * lateness 50 s into the benchmark's 600 runs a second. Where autovacuum is on it is left to do
 * this; on H2 and MariaDB there is nothing to do.
 */
public final class RunTableVacuum implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RunTableVacuum.class);
  /** How often the table's counts are looked at: one cheap query. */
  static final Duration LOOK_EVERY = Duration.ofSeconds(10);

  /**
   * Whether autovacuum skips cb_runs, its dead and live rows and changes since its last analysis,
   * and whether this user may vacuum it (an owner may; anyone else gets a warning and nothing done).
   */
  private static final String COUNTS = "SELECT current_setting('autovacuum') = 'off'"
      + " OR COALESCE('autovacuum_enabled=false' = ANY (c.reloptions), FALSE),"
      + " s.n_dead_tup, s.n_live_tup, s.n_mod_since_analyze, pg_has_role(c.relowner, 'USAGE')"
      + " FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.oid = 'cb_runs'::regclass";

  private final DataSource dataSource;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "cronbeat-vacuum");
    thread.setDaemon(true);
    return thread;
  });
  private boolean failing;
  private boolean toldNotOwner;

  /** What a look found to do. */
  enum Pass {
    VACUUMED, NOT_NEEDED, NOT_OWNER
  }

  RunTableVacuum(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Starts looking every {@link #LOOK_EVERY} on PostgreSQL; elsewhere returns one that does nothing. */
  public static RunTableVacuum start(Database database) {
    RunTableVacuum vacuum = new RunTableVacuum(database.dataSource());
    if (database.dialect() == Dialect.POSTGRESQL) {
      vacuum.timer.scheduleWithFixedDelay(vacuum::look, LOOK_EVERY.toMillis(), LOOK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }
    return vacuum;
  }

  /** One look, as the timer takes it; package-private for tests. */
  void look() {
    try {
      if (pass(dataSource) == Pass.NOT_OWNER && !toldNotOwner) {
        toldNotOwner = true;
        log.warn("autovacuum is off and this store's user does not own cb_runs, so nothing vacuums it: its dead rows"
            + " will slow every claim; turn autovacuum on, or run the node as the table's owner");
      }
      failing = false;
    } catch (SQLException | RuntimeException e) {
      if (!failing) {
        log.debug("cb_runs vacuum: {}", e.getMessage());
      }
      failing = true;
    }
  }

  /**
   * Vacuums and analyses cb_runs on a PostgreSQL store if autovacuum would and is off.
   * Package-private for tests.
   *
   * @return what it did
   */
  static Pass pass(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
      // VACUUM cannot run in a transaction; the pool sets a connection back as it was lent.
      connection.setAutoCommit(true);
      try (ResultSet row = sql.executeQuery(COUNTS)) {
        if (!row.next() || !row.getBoolean(1)) {
          return Pass.NOT_NEEDED;
        }
        if (!row.getBoolean(5)) {
          return Pass.NOT_OWNER;
        }
        if (!due(row.getLong(2), row.getLong(3), row.getLong(4))) {
          return Pass.NOT_NEEDED;
        }
      }
      // SKIP_LOCKED: another node's vacuum of the table is under way; this one is not needed.
      sql.execute("VACUUM (ANALYZE, SKIP_LOCKED) cb_runs");
      return Pass.VACUUMED;
    }
  }

  /** autovacuum's default thresholds: 50 rows and 20% of the live ones dead, or 10% changed since the last analysis. */
  static boolean due(long dead, long live, long changedSinceAnalysis) {
    return dead > 50 + 0.2 * live || changedSinceAnalysis > 50 + 0.1 * live;
  }

  /** Lets a vacuum under way finish. */
  @Override
  public void close() {
    timer.shutdown();
    try {
      timer.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
