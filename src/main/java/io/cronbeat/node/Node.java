package io.cronbeat.node;

import io.cronbeat.CronbeatException;
import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.dispatch.DispatchContext;
import io.cronbeat.dispatch.Dispatcher;
import io.cronbeat.dispatch.FiringRecorder;
import io.cronbeat.dispatch.Upkeep;
import io.cronbeat.exec.ProcessRunner;
import io.cronbeat.job.JobLoader;
import io.cronbeat.job.JobSet;
import io.cronbeat.notify.Notifier;
import io.cronbeat.store.ClusterLock;
import io.cronbeat.store.Database;
import io.cronbeat.store.Jdbc;
import io.cronbeat.store.JobTable;
import io.cronbeat.store.NodeTable;
import io.cronbeat.store.RunStore;
import io.cronbeat.store.quartz.QuartzEngine;
import io.cronbeat.sync.JobSync;
import io.cronbeat.sync.SyncPlan;
import io.cronbeat.yaml.Diagnostic;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code scheduler run} process: validates the schedules, brings the store up to date,
 * syncs the jobs, fires and runs them, and on stop drains its running attempts.
 */
public final class Node implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Node.class);
  private static final String CLUSTER = "cronbeat";
  private static final Duration DEBOUNCE = Duration.ofMillis(500);

  private final CronbeatConfig config;
  private final Clock clock;
  private final String id;
  private final Database database;
  private final RunStore runs;
  private final NodeTable nodes;
  private final Notifier notifier;
  private final Dispatcher dispatcher;
  private final Upkeep upkeep;
  private final QuartzEngine quartz;
  private final JobSync sync;
  private ScheduleWatcher watcher;
  private boolean stopped;

  private Node(CronbeatConfig config, Clock clock, JobSet jobs) {
    this.config = config;
    this.clock = clock;
    this.id = hostName() + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 4);
    this.database = Database.openWhenReachable(config);
    Jdbc jdbc = new Jdbc(database.dataSource());
    JobTable jobTable = new JobTable(jdbc, clock);
    this.runs = new RunStore(jdbc);
    this.nodes = new NodeTable(jdbc);
    ProcessRunner runner = new ProcessRunner(config.limits().outputMaxBytes(), config.limits().outputTailLines(),
        Duration.ofSeconds(10));
    Path logDir = config.dataDir().resolve("logs").toAbsolutePath();
    this.notifier = new Notifier(runner, logDir);
    DispatchContext context = new DispatchContext(id, config.node(), runs, jobTable, runner, notifier, clock, logDir,
        () -> ThreadLocalRandom.current().nextDouble());
    this.dispatcher = new Dispatcher(context);
    this.upkeep = new Upkeep(context, nodes, dispatcher,
        new Upkeep.Retention(config.limits().historyMaxRunsPerJob(), config.limits().historyMaxAge()));
    FiringRecorder recorder = new FiringRecorder(jobTable, runs, clock, config.limits().catchUpMaxRuns(),
        () -> ThreadLocalRandom.current().nextDouble(), dispatcher::wake);
    this.quartz = new QuartzEngine(database, CLUSTER, id, config.node().misfireAfter(), config.node().heartbeat(), recorder);
    this.sync = new JobSync(jobTable, quartz, new ClusterLock(jdbc));
    nodes.register(id, hostName(), ProcessHandle.current().pid(), clock.instant());
    report(sync.apply(jobs.jobs()));
  }

  /**
   * Starts a node on valid schedules.
   *
   * @throws InvalidSchedulesException when any job file is invalid: nothing is started
   */
  public static Node start(CronbeatConfig config, Clock clock) {
    JobSet jobs = load(config, clock);
    if (!jobs.valid()) {
      throw new InvalidSchedulesException(jobs.diagnostics());
    }
    log.info("node starting: {}", config.describe());
    Node node = new Node(config, clock, jobs);
    node.upkeep.beat(); // recover runs of nodes that died before we came, before claiming any
    node.quartz.start();
    node.dispatcher.start();
    node.upkeep.start();
    node.watch();
    log.info("node={} started: {} jobs from {}, store {}, {} executor threads", node.id, jobs.jobs().size(),
        config.schedules(), node.database.maskedUrl(), config.node().executorThreads());
    return node;
  }

  private static JobSet load(CronbeatConfig config, Clock clock) {
    return new JobLoader(config.timezone(), clock).load(List.of(config.schedules()));
  }

  private void watch() {
    if (!Files.isDirectory(config.schedules())) {
      return;
    }
    try {
      watcher = new ScheduleWatcher(config.schedules(), DEBOUNCE, this::reload);
      watcher.start();
    } catch (IOException e) {
      log.warn("cannot watch {} for changes ({}); send SIGHUP to reload", config.schedules(), e.getMessage());
    }
  }

  /**
   * Reloads the job files. Any invalid file rejects the whole reload: the jobs loaded before
   * keep running, and every problem is logged with its position.
   */
  public synchronized boolean reload() {
    if (stopped) {
      return false;
    }
    JobSet jobs = load(config, clock);
    if (!jobs.valid()) {
      log.error("reload rejected: {} problem(s) in {}; the jobs loaded before keep running", jobs.diagnostics().size(),
          config.schedules());
      jobs.diagnostics().forEach(d -> log.error("{}", d.format().replace(System.lineSeparator(), " ")));
      return false;
    }
    try {
      report(sync.apply(jobs.jobs()));
      return true;
    } catch (CronbeatException e) {
      log.error("reload failed: {}; the jobs loaded before keep running", e.getMessage());
      return false;
    }
  }

  private static void report(SyncPlan plan) {
    log.info("sync: {} added, {} changed, {} removed, {} unchanged", plan.add().size(), plan.change().size(),
        plan.remove().size(), plan.unchanged());
  }

  public String id() {
    return id;
  }

  public Database database() {
    return database;
  }

  /**
   * Stops firing and claiming, lets running attempts finish for up to {@code node.shutdown-grace},
   * then stops the rest (their runs go back to the queue) and leaves the cluster.
   */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    log.info("node={} stopping: no new firings or claims; draining running attempts", id);
    try {
      if (watcher != null) {
        watcher.close();
      }
    } catch (IOException e) {
      log.debug("closing the watcher: {}", e.getMessage());
    }
    quartz.shutdown();
    dispatcher.drain(config.node().shutdownGrace());
    upkeep.close();
    try {
      nodes.stopped(id, clock.instant());
    } catch (CronbeatException e) {
      log.warn("could not record the stop: {}", e.getMessage());
    }
    notifier.close();
    database.close();
    log.info("node={} stopped", id);
  }

  @Override
  public void close() {
    stop();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  /** The schedules are invalid; the node did not start. */
  public static final class InvalidSchedulesException extends CronbeatException {
    private final List<Diagnostic> diagnostics;

    InvalidSchedulesException(List<Diagnostic> diagnostics) {
      super(diagnostics.size() + " problem(s) in the job files; nothing was started", "fix them and start again");
      this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
      return diagnostics;
    }
  }
}
