package io.cronbeat.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/**
 * Plain Quartz 2.5.2 as most users run it: clustered JobStoreTX with its default settings
 * (one trigger per acquisition) but a misfire threshold long enough for the queueing; one-shot
 * triggers all due now, a job that does nothing.
 */
final class QuartzDrain {

  private QuartzDrain() {}

  static Drain run(BenchDatabase db, int runs, int workers, Duration cap) throws Exception {
    createTables(db);
    AtomicInteger done = new AtomicInteger();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    AtomicLong duplicated = new AtomicLong();
    Scheduler scheduler = new StdSchedulerFactory(properties(db, workers)).getScheduler();
    scheduler.setJobFactory((bundle, s) -> (Job) context -> {
      if (!seen.add(context.getJobDetail().getKey().getName())) {
        duplicated.incrementAndGet();
      }
      done.incrementAndGet();
    });
    try {
      // Queued in one transaction before the scheduler starts: only the drain is timed.
      Map<JobDetail, Set<? extends Trigger>> jobs = new HashMap<>();
      for (int i = 0; i < runs; i++) {
        JobDetail job = JobBuilder.newJob(Job.class).withIdentity("j" + i, "bench").build();
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity("t" + i, "bench").startNow()
            .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow()).build();
        jobs.put(job, Set.of(trigger));
      }
      scheduler.scheduleJobs(jobs, false);
      long start = System.nanoTime();
      long deadline = start + cap.toNanos();
      scheduler.start();
      int finished = Poll.until(done::get, runs, deadline, Duration.ofMillis(5));
      // Done means the trigger rows are gone, as cronbeat's drain ends when the store says so.
      if (finished >= runs) {
        Poll.until(() -> runs - triggersLeft(db), runs, deadline, Duration.ofMillis(20));
      }
      long end = System.nanoTime();
      return new Drain(runs, done.get(), Duration.ofNanos(end - start), duplicated.get());
    } finally {
      scheduler.shutdown(true);
    }
  }

  private static Properties properties(BenchDatabase db, int workers) {
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", "bench");
    p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(workers));
    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.setProperty("org.quartz.jobStore.driverDelegateClass", db.kind() == StoreKind.POSTGRESQL
        ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
    p.setProperty("org.quartz.jobStore.isClustered", "true");
    // The one change from the defaults: queueing 20,000 triggers on PostgreSQL takes longer than
    // the default 60 s threshold, and misfire handling (20 triggers per pass) would be measured
    // instead of the drain. Runs due now are not misfired runs.
    p.setProperty("org.quartz.jobStore.misfireThreshold", "3600000");
    p.setProperty("org.quartz.jobStore.dataSource", "bench");
    p.setProperty("org.quartz.dataSource.bench.provider", "hikaricp");
    p.setProperty("org.quartz.dataSource.bench.driver", db.kind() == StoreKind.POSTGRESQL ? "org.postgresql.Driver" : "org.h2.Driver");
    p.setProperty("org.quartz.dataSource.bench.URL", db.jdbcUrl());
    p.setProperty("org.quartz.dataSource.bench.user", db.user());
    p.setProperty("org.quartz.dataSource.bench.password", "");
    p.setProperty("org.quartz.dataSource.bench.maxConnections", Integer.toString(workers + 3));
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

  private static int triggersLeft(BenchDatabase db) {
    try (Connection c = db.connect(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM qrtz_triggers")) {
      r.next();
      return r.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

}
