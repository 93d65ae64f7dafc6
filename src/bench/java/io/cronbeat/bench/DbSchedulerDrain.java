package io.cronbeat.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * db-scheduler 16.7.1 with its defaults (but a 1 s polling interval instead of 10 s, so an idle
 * gap cannot hide in the measurement): one-time task instances all due now, a task that does
 * nothing. On H2 with H2's default write delay, or with every commit written to the file before
 * it returns, as cronbeat's embedded store commits.
 */
final class DbSchedulerDrain {

  private DbSchedulerDrain() {}

  static Drain run(BenchDatabase db, int runs, int workers, Duration cap) throws Exception {
    return run(db, runs, workers, cap, false);
  }

  /** @param writeDelayZero on H2, each commit written to the file before it returns, as cronbeat's store does */
  static Drain run(BenchDatabase db, int runs, int workers, Duration cap, boolean writeDelayZero) throws Exception {
    db.script(db.kind() == StoreKind.POSTGRESQL ? POSTGRESQL_TABLE : H2_TABLE);
    AtomicInteger done = new AtomicInteger();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    AtomicLong duplicated = new AtomicLong();
    OneTimeTask<Void> task = Tasks.oneTime("noop").execute((instance, context) -> {
      if (!seen.add(instance.getId())) {
        duplicated.incrementAndGet();
      }
      done.incrementAndGet();
    });
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(db.jdbcUrl(writeDelayZero));
    pool.setUsername(db.user());
    pool.setPassword("");
    pool.setMaximumPoolSize(CronbeatEnv.pool(db, workers + 3));
    try (HikariDataSource dataSource = new HikariDataSource(pool)) {
      List<TaskInstance<?>> instances = new ArrayList<>(runs);
      for (int i = 0; i < runs; i++) {
        instances.add(task.instance("r" + i));
      }
      SchedulerClient.Builder.create(dataSource, task).build().scheduleBatch(instances, Instant.now());
      Scheduler scheduler = Scheduler.create(dataSource, task).threads(workers).pollingInterval(Duration.ofSeconds(1))
          .shutdownMaxWait(Duration.ofSeconds(5)).build();
      DrainClock clock = DrainClock.start();
      long deadline = clock.startNanos() + cap.toNanos();
      try {
        scheduler.start();
        int finished = Poll.until(done::get, runs, deadline, Duration.ofMillis(5));
        // Done means the rows are gone (db-scheduler deletes a one-time task once it succeeded).
        if (finished >= runs) {
          Poll.until(() -> runs - rowsLeft(dataSource), runs, deadline, Duration.ofMillis(20));
        }
        return clock.stop(runs, done.get(), duplicated.get());
      } finally {
        scheduler.stop();
      }
    }
  }

  /** Through the scheduler's own pool: on H2 a connection of other settings would change the database's. */
  private static int rowsLeft(DataSource dataSource) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM scheduled_tasks")) {
      r.next();
      return r.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  // db-scheduler's own table definitions (its README / test resources), per database.
  private static final String POSTGRESQL_TABLE = """
      CREATE TABLE scheduled_tasks (
        task_name TEXT NOT NULL,
        task_instance TEXT NOT NULL,
        task_data BYTEA,
        execution_time TIMESTAMP WITH TIME ZONE NOT NULL,
        picked BOOLEAN NOT NULL,
        picked_by TEXT,
        last_success TIMESTAMP WITH TIME ZONE,
        last_failure TIMESTAMP WITH TIME ZONE,
        consecutive_failures INT,
        last_heartbeat TIMESTAMP WITH TIME ZONE,
        version BIGINT NOT NULL,
        priority SMALLINT,
        PRIMARY KEY (task_name, task_instance));
      CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
      CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
      CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
      """;

  private static final String H2_TABLE = """
      CREATE TABLE scheduled_tasks (
        task_name VARCHAR(100) NOT NULL,
        task_instance VARCHAR(100) NOT NULL,
        task_data BLOB,
        execution_time TIMESTAMP WITH TIME ZONE NOT NULL,
        picked BOOLEAN NOT NULL,
        picked_by VARCHAR(50),
        last_success TIMESTAMP WITH TIME ZONE,
        last_failure TIMESTAMP WITH TIME ZONE,
        consecutive_failures INT,
        last_heartbeat TIMESTAMP WITH TIME ZONE,
        version BIGINT NOT NULL,
        priority SMALLINT,
        PRIMARY KEY (task_name, task_instance));
      CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
      CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
      CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
      """;
}
