package io.cronbeat.store.quartz;

import io.cronbeat.store.Database;
import io.cronbeat.store.FiringHandler;
import io.cronbeat.store.Jdbc;
import io.cronbeat.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.core.QuartzScheduler;
import org.quartz.core.QuartzSchedulerResources;
import org.quartz.impl.DefaultThreadExecutor;
import org.quartz.impl.StdJobRunShellFactory;
import org.quartz.impl.StdScheduler;
import org.quartz.impl.jdbcjobstore.InvalidConfigurationException;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.simpl.CascadingClassLoadHelper;
import org.quartz.simpl.SimpleThreadPool;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * One node's trigger store: Quartz's clustered JDBC job store on cronbeat's pool, holding one
 * trigger per scheduled job, and the node's firing loop. Quartz keeps the triggers (sync changes
 * them through its API; {@code list} and {@code next} read their next fire times) but its own
 * scheduler thread never runs: it fires one trigger per acquisition, a handful of transactions
 * each, which cannot keep up with thousands of jobs due at once. cronbeat's firing pass
 * ({@link TriggerSweep}) records every firing of a time slot in one transaction instead.
 * Built by hand rather than from a properties file, so that nothing is found by reflection and
 * several nodes can live in one JVM (tests) without Quartz's global registry.
 */
public final class QuartzEngine implements AutoCloseable {

  static final String GROUP = "cronbeat";
  private static final Duration DB_RETRY = Duration.ofSeconds(1);

  /**
   * @param cluster nodes with the same cluster name on the same database share the triggers
   * @param nodeId this node, unique in the cluster
   * @param misfireAfter how long the cluster may go without a firing pass before the fire times
   *     it passed count as missed (an outage) rather than late
   */
  public record Settings(String cluster, String nodeId, Duration misfireAfter) {}

  private final Scheduler scheduler;
  private final TriggerSweep sweep;
  private final FiringLoop loop;
  private final FiringHandler handler;
  private final TriggerTable triggers;

  /** @param clock the node's clock: fire times are compared with it */
  public QuartzEngine(Database database, Settings settings, Clock clock, FiringHandler handler) {
    String cluster = settings.cluster();
    String nodeId = settings.nodeId();
    this.handler = handler;
    this.sweep = new TriggerSweep(database, cluster, settings.misfireAfter(), clock);
    this.loop = new FiringLoop(sweep, handler);
    String dataSourceName = "cronbeat-" + nodeId;
    DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new PoolProvider(database));
    try {
      JobStoreTX store = new JobStoreTX();
      store.setDataSource(dataSourceName);
      store.setIsClustered(true);
      store.setDriverDelegateClass(database.dialect().quartzDelegate());
      store.setDriverDelegateInitString("triggerPersistenceDelegateClasses=" + CronbeatTriggerPersistence.class.getName());
      store.setUseProperties("true");
      store.setInstanceName(cluster);
      store.setInstanceId(nodeId);
      store.setAcquireTriggersWithinLock(true);
      store.setDbRetryInterval(DB_RETRY.toMillis());

      // Quartz wants a pool; no job ever runs on it.
      SimpleThreadPool threads = new SimpleThreadPool(1, Thread.NORM_PRIORITY);
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
      resources.setThreadExecutor(new DefaultThreadExecutor());
      resources.setJobStore(store);
      QuartzScheduler quartz = new QuartzScheduler(resources, Duration.ofSeconds(1).toMillis(), 0);
      CascadingClassLoadHelper classes = new CascadingClassLoadHelper();
      classes.initialize();
      store.initialize(classes, quartz.getSchedulerSignaler());
      triggers = new TriggerTable(new Jdbc(database.dataSource()), database.dialect(), cluster);
      scheduler = new StdScheduler(quartz);
      shells.initialize(scheduler);
      quartz.initialize();
    } catch (SchedulerException | InvalidConfigurationException e) {
      throw new StoreException("cannot start Quartz: " + e.getMessage(), e);
    }
  }

  /** Starts the firing loop (Quartz's scheduler stays in standby: it never fires). */
  public void start() {
    loop.start();
  }

  /** True while the firing loop's last pass failed for want of the database, or its thread ended. */
  public boolean firingFailing() {
    return loop.failing();
  }

  /**
   * One firing pass now, of at most {@code limit} triggers, as the loop does it; for nodes
   * stepped by hand.
   */
  public void firePass(int limit) {
    TriggerSweep.Result result = sweep.pass(FiringHandler.AHEAD, limit, handler);
    if (!result.runs().isEmpty()) {
      handler.recorded(result.slot(), result.runs(), Duration.between(result.slot().now(), result.ended()));
      handler.due();
    }
  }

  /** Stops firing after the pass under way; triggers stay in the store for the other nodes. */
  public void shutdown() {
    loop.close();
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
