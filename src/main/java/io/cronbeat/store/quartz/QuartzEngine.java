package io.cronbeat.store.quartz;

import io.cronbeat.store.Database;
import io.cronbeat.store.FiringHandler;
import io.cronbeat.store.Jdbc;
import io.cronbeat.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.core.QuartzScheduler;
import org.quartz.core.QuartzSchedulerResources;
import org.quartz.impl.StdJobRunShellFactory;
import org.quartz.impl.StdScheduler;
import org.quartz.impl.jdbcjobstore.InvalidConfigurationException;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.simpl.CascadingClassLoadHelper;
import org.quartz.simpl.SimpleThreadPool;
import org.quartz.spi.JobFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * One node's Quartz: a clustered JDBC job store on cronbeat's pool, holding one trigger per
 * scheduled job. Built by hand rather than from a properties file, so that nothing is found by
 * reflection and several nodes can live in one JVM (tests) without Quartz's global registry.
 */
public final class QuartzEngine implements AutoCloseable {

  static final String GROUP = "cronbeat";
  private static final int FIRING_THREADS = 2;
  private static final Duration DB_RETRY = Duration.ofSeconds(1);

  private final Scheduler scheduler;
  private final TriggerTable triggers;

  /**
   * @param cluster nodes with the same cluster name on the same database share the triggers
   * @param nodeId this node, unique in the cluster
   * @param misfireAfter how late a firing may be before it counts as missed
   */
  public QuartzEngine(Database database, String cluster, String nodeId, Duration misfireAfter, Duration checkin,
      FiringHandler handler) {
    String dataSourceName = "cronbeat-" + nodeId;
    DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new PoolProvider(database));
    try {
      JobStoreTX store = new JobStoreTX();
      store.setDataSource(dataSourceName);
      store.setIsClustered(true);
      store.setClusterCheckinInterval(checkin.toMillis());
      store.setMisfireThreshold(misfireAfter.toMillis());
      store.setDriverDelegateClass(database.dialect().quartzDelegate());
      store.setDriverDelegateInitString("triggerPersistenceDelegateClasses=" + CronbeatTriggerPersistence.class.getName());
      store.setUseProperties("true");
      store.setInstanceName(cluster);
      store.setInstanceId(nodeId);
      store.setAcquireTriggersWithinLock(true);
      // After a database outage Quartz waits this long between tries (default 15 s): firing
      // should resume within a couple of seconds of the database answering.
      store.setDbRetryInterval(DB_RETRY.toMillis());

      SimpleThreadPool threads = new SimpleThreadPool(FIRING_THREADS, Thread.NORM_PRIORITY);
      threads.setInstanceName(cluster);
      threads.setInstanceId(nodeId);
      threads.setThreadNamePrefix("cronbeat-firing");
      threads.setMakeThreadsDaemons(true);
      threads.initialize();

      QuartzSchedulerResources resources = new QuartzSchedulerResources();
      resources.setName(cluster);
      resources.setInstanceId(nodeId);
      resources.setThreadName("cronbeat-quartz");
      resources.setMakeSchedulerThreadDaemon(true);
      StdJobRunShellFactory shells = new StdJobRunShellFactory();
      resources.setJobRunShellFactory(shells);
      resources.setThreadPool(threads);
      resources.setThreadExecutor(new org.quartz.impl.DefaultThreadExecutor());
      resources.setJobStore(store);
      resources.setBatchTimeWindow(0);
      resources.setMaxBatchSize(1);
      QuartzScheduler quartz = new QuartzScheduler(resources, Duration.ofSeconds(1).toMillis(), 0);
      CascadingClassLoadHelper classes = new CascadingClassLoadHelper();
      classes.initialize();
      store.initialize(classes, quartz.getSchedulerSignaler());
      triggers = new TriggerTable(new Jdbc(database.dataSource()), database.dialect(), cluster,
          quartz.getSchedulerSignaler());
      scheduler = new StdScheduler(quartz);
      shells.initialize(scheduler);
      quartz.initialize();
      scheduler.setJobFactory(fireJobs(handler));
    } catch (SchedulerException | InvalidConfigurationException e) {
      throw new StoreException("cannot start Quartz: " + e.getMessage(), e);
    }
  }

  private static JobFactory fireJobs(FiringHandler handler) {
    return (bundle, scheduler) -> new FireJob(handler);
  }

  public void start() {
    call(scheduler::start);
  }

  /** Stops firing; triggers stay in the store for the other nodes. */
  public void shutdown() {
    call(() -> scheduler.shutdown(true));
  }

  @Override
  public void close() {
    shutdown();
  }

  /** What decides a trigger's fire times: the schedule as written and its zone. */
  public record Timing(String schedule, String zone) {

    /** A job Quartz holds without a trigger that can fire. */
    public static final Timing NONE = new Timing(null, null);
  }

  /**
   * Creates or replaces the job's trigger. Replacing restarts its timing from now, so it is
   * only for a changed schedule; see {@link #timings}.
   */
  public void schedule(String job, String scheduleText, String zoneId) {
    scheduleAll(Map.of(job, new Timing(scheduleText, zoneId)), scheduledJobs());
  }

  /**
   * {@link #schedule} for many jobs, a few hundred to a transaction (see {@link TriggerTable}):
   * the trigger of a job in {@code held} (the jobs of {@link #timings}) replaced, of others created
   * with their Quartz job.
   */
  public void scheduleAll(Map<String, Timing> jobs, Set<String> held) {
    triggers.schedule(jobs, held);
  }

  public boolean isScheduled(String job) {
    return call(() -> scheduler.checkExists(TriggerKey.triggerKey(job, GROUP)));
  }

  public void unschedule(String job) {
    unscheduleAll(List.of(job));
  }

  /** {@link #unschedule} for many jobs, a few hundred to a transaction. */
  public void unscheduleAll(Collection<String> jobs) {
    triggers.unschedule(List.copyOf(jobs));
  }

  public Set<String> scheduledJobs() {
    return call(() -> {
      Set<String> names = new TreeSet<>();
      scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP)).forEach(key -> names.add(key.getName()));
      return names;
    });
  }

  /**
   * Every job Quartz holds for this cluster, with the timing of its trigger ({@link Timing#NONE}
   * when it has none that can fire), in one query where Quartz's API would take one per job.
   */
  public Map<String, Timing> timings() {
    return triggers.timings();
  }

  public Optional<Instant> nextFireTime(String job) {
    return call(() -> Optional.ofNullable(scheduler.getTrigger(TriggerKey.triggerKey(job, GROUP)))
        .map(Trigger::getNextFireTime)
        .map(Date::toInstant));
  }

  /** Quartz calls that can only fail with a store problem. */
  @FunctionalInterface
  private interface QuartzCall<T> {
    T call() throws SchedulerException;
  }

  @FunctionalInterface
  private interface QuartzAction {
    void run() throws SchedulerException;
  }

  private static <T> T call(QuartzCall<T> call) {
    try {
      return call.call();
    } catch (SchedulerException e) {
      throw new StoreException("Quartz: " + e.getMessage(), e);
    }
  }

  private static void call(QuartzAction action) {
    call(() -> {
      action.run();
      return null;
    });
  }

  /** Lends Quartz the node's pool; the pool's life is the node's, not Quartz's. */
  private record PoolProvider(Database database) implements ConnectionProvider {

    @Override
    public Connection getConnection() throws SQLException {
      return database.dataSource().getConnection();
    }

    @Override
    public void shutdown() {}

    @Override
    public void initialize() {}
  }
}
