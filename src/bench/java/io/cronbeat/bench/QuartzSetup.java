package io.cronbeat.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.quartz.Job;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;

/**
 * Plain Quartz 2.5.2 as most users run it: clustered JobStoreTX with its defaults (one trigger
 * per acquisition, 60 s misfire threshold), its own tables, {@code workers} threads, and every
 * job the given one.
 */
final class QuartzSetup {

  private QuartzSetup() {}

  /**
   * @param misfireThreshold Quartz's default (60 s) when null
   */
  static Scheduler scheduler(BenchDatabase db, int workers, Duration misfireThreshold, Job job)
      throws IOException, SQLException, SchedulerException {
    createTables(db);
    // A name of its own: Quartz keeps schedulers in a JVM-wide registry by name.
    Scheduler scheduler = new StdSchedulerFactory(properties(db, workers, misfireThreshold)).getScheduler();
    scheduler.setJobFactory((bundle, s) -> job);
    return scheduler;
  }

  private static Properties properties(BenchDatabase db, int workers, Duration misfireThreshold) {
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", "bench-" + db.dir().getFileName());
    p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(workers));
    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.setProperty("org.quartz.jobStore.driverDelegateClass", db.kind() == StoreKind.POSTGRESQL
        ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
    p.setProperty("org.quartz.jobStore.isClustered", "true");
    if (misfireThreshold != null) {
      p.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(misfireThreshold.toMillis()));
    }
    p.setProperty("org.quartz.jobStore.dataSource", "bench");
    p.setProperty("org.quartz.dataSource.bench.provider", "hikaricp");
    p.setProperty("org.quartz.dataSource.bench.driver", db.kind() == StoreKind.POSTGRESQL ? "org.postgresql.Driver" : "org.h2.Driver");
    p.setProperty("org.quartz.dataSource.bench.URL", db.jdbcUrl());
    p.setProperty("org.quartz.dataSource.bench.user", db.user());
    p.setProperty("org.quartz.dataSource.bench.password", "");
    p.setProperty("org.quartz.dataSource.bench.maxConnections", Integer.toString(CronbeatEnv.pool(db, workers + 3)));
    return p;
  }

  /** Quartz's own DDL for the database, as shipped in its jar. */
  private static void createTables(BenchDatabase db) throws IOException, SQLException {
    String name = db.kind() == StoreKind.POSTGRESQL ? "tables_postgres.sql" : "tables_h2.sql";
    try (InputStream in = Scheduler.class.getResourceAsStream("/org/quartz/impl/jdbcjobstore/" + name)) {
      String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      db.script(sql.replaceAll("(?im)^\\s*commit\\s*;", ""));
    }
  }
}
