package io.cronbeat.store;

import io.cronbeat.CronbeatException;
import java.util.Collections;
import java.util.Optional;

/** The databases cronbeat runs on; everything that differs between them is chosen here. */
public enum Dialect {
  // H2 claims by compare-and-set alone: one node owns the embedded file, so nobody else holds its rows' locks.
  H2("jdbc:h2:", "h2", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate",
      "SELECT DATEDIFF(MILLISECOND, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00', CURRENT_TIMESTAMP(3))", false),
  POSTGRESQL("jdbc:postgresql:", "postgresql", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate",
      "SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)", true),
  // UTC_TIMESTAMP: UNIX_TIMESTAMP(NOW()) goes through the session's zone and is ambiguous in a DST fold.
  MYSQL("jdbc:mariadb:", "mysql", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate",
      "SELECT TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', UTC_TIMESTAMP(6)) DIV 1000", true);

  private final String prefix;
  private final String migrations;
  private final String quartzDelegate;
  private final String nowMillis;
  private final boolean skipLocked;

  Dialect(String prefix, String migrations, String quartzDelegate, String nowMillis, boolean skipLocked) {
    this.prefix = prefix;
    this.migrations = migrations;
    this.quartzDelegate = quartzDelegate;
    this.nowMillis = nowMillis;
    this.skipLocked = skipLocked;
  }

  public static Dialect of(String url) {
    if (url.startsWith("jdbc:mysql:")) {
      return MYSQL; // served by the MariaDB driver, which accepts jdbc:mysql: URLs too
    }
    for (Dialect dialect : values()) {
      if (url.startsWith(dialect.prefix)) {
        return dialect;
      }
    }
    throw new CronbeatException("store.url '" + url + "' is not a database cronbeat supports",
        "use jdbc:postgresql://HOST/DB, jdbc:mariadb://HOST/DB (or jdbc:mysql://), or leave it out for the embedded H2 file");
  }

  /** Flyway location of this database's migrations. */
  String migrations() {
    return "classpath:db/" + migrations;
  }

  public String quartzDelegate() {
    return quartzDelegate;
  }

  /**
   * Locks the runs with {@code count} ids (the parameters), passing over rows another transaction
   * holds, or returns null where claims rely on compare-and-set alone. Two nodes claiming from
   * the same queue then take different runs instead of one waiting for the other's commit to
   * lose the race. By primary key only, and forced to it on MariaDB: with a condition on state,
   * or on a small table, InnoDB scans its (state, due_at, id) index and locks every row it
   * passes until commit, so a peer's claim meanwhile passed over every queued run, not just
   * this claim's.
   */
  String lockRunsSkippingLocked(int count) {
    if (!skipLocked) {
      return null;
    }
    String table = this == MYSQL ? "cb_runs FORCE INDEX (PRIMARY)" : "cb_runs";
    return "SELECT id FROM " + table + " WHERE id IN (" + String.join(", ", Collections.nCopies(count, "?"))
        + ") FOR UPDATE SKIP LOCKED";
  }

  /**
   * Records a scheduled run unless its (job, scheduled_at) is recorded already, without failing
   * the transaction it is part of. Parameters: job, kind, scheduled_at, state, due_at,
   * max_attempts, created_at, finished_at, reason; then, where {@link #repeatsFiringKey}, job and
   * scheduled_at again.
   */
  String insertFiring() {
    String columns = "INSERT INTO cb_runs (job, kind, scheduled_at, state, due_at, attempts, max_attempts, created_at,"
        + " finished_at, reason) ";
    return switch (this) {
      // H2 has no insert-or-ignore outside its PostgreSQL mode; MERGE would overwrite the run.
      case H2 -> columns + "SELECT ?, ?, ?, ?, ?, 0, ?, ?, ?, ? FROM DUAL"
          + " WHERE NOT EXISTS (SELECT 1 FROM cb_runs WHERE job = ? AND scheduled_at = ?)";
      case POSTGRESQL -> columns + "VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?) ON CONFLICT (job, scheduled_at) DO NOTHING";
      // Not INSERT IGNORE: that would turn every other error into a warning too.
      case MYSQL -> columns + "VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE id = id";
    };
  }

  /** Creates a concurrency group's row unless it exists, without failing the transaction. Parameter: name. */
  String insertGroup() {
    return switch (this) {
      case H2 -> "MERGE INTO cb_groups (name) KEY (name) VALUES (?)";
      case POSTGRESQL -> "INSERT INTO cb_groups (name) VALUES (?) ON CONFLICT (name) DO NOTHING";
      case MYSQL -> "INSERT INTO cb_groups (name) VALUES (?) ON DUPLICATE KEY UPDATE name = name";
    };
  }

  /**
   * Queues a run of a chain unless that job has a run of that upstream run already, without
   * failing the transaction it is part of. Parameters: job, state, due_at, max_attempts,
   * created_at, finished_at, reason, definition, upstream_run_id; then, where
   * {@link #repeatsChainKey}, job and upstream_run_id again. Its update count says whether it queued.
   */
  String insertChained() {
    String columns = "INSERT INTO cb_runs (job, kind, state, due_at, attempts, max_attempts, created_at, finished_at, reason,"
        + " definition, upstream_run_id) ";
    // Not ON DUPLICATE KEY on MariaDB: its driver counts the row found as updated, so the count would not say.
    return this == POSTGRESQL
        ? columns + "VALUES (?, 'CHAIN', ?, ?, 0, ?, ?, ?, ?, ?, ?) ON CONFLICT (job, upstream_run_id) DO NOTHING"
        : columns + "SELECT ?, 'CHAIN', ?, ?, 0, ?, ?, ?, ?, ?, ? FROM DUAL"
            + " WHERE NOT EXISTS (SELECT 1 FROM cb_runs WHERE job = ? AND upstream_run_id = ?)";
  }

  boolean repeatsChainKey() {
    return this != POSTGRESQL;
  }

  boolean repeatsFiringKey() {
    return this == H2;
  }

  /**
   * A statement that refreshes the planner's statistics of a table, where they matter. On
   * PostgreSQL, statistics that still say a table is empty after a large insert make it check
   * Quartz's foreign keys through a non-unique index, scanning the whole group for every row:
   * quadratic in the number of jobs.
   */
  public Optional<String> analyze(String table) {
    return this == POSTGRESQL ? Optional.of("ANALYZE " + table) : Optional.empty();
  }

  /** A name as it was created, case and all: Flyway quotes its table's names. */
  String quoted(String identifier) {
    return this == MYSQL ? "`" + identifier + "`" : "\"" + identifier + "\"";
  }

  /** A query for the database's own time, in milliseconds since the epoch. */
  String nowMillis() {
    return nowMillis;
  }
}
