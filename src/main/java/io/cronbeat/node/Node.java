package io.cronbeat.node;

import io.cronbeat.CronbeatException;
import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.dispatch.DispatchContext;
import io.cronbeat.dispatch.Dispatcher;
import io.cronbeat.dispatch.FiringRecorder;
import io.cronbeat.dispatch.Host;
import io.cronbeat.dispatch.OverdueJobs;
import io.cronbeat.dispatch.RunService;
import io.cronbeat.dispatch.RunViews;
import io.cronbeat.dispatch.RunWaits;
import io.cronbeat.dispatch.Upkeep;
import io.cronbeat.exec.Executor;
import io.cronbeat.exec.HttpExecutor;
import io.cronbeat.exec.ProcessRunner;
import io.cronbeat.exec.WorkExecutor;
import io.cronbeat.http.Api;
import io.cronbeat.http.ApiToken;
import io.cronbeat.http.HttpEndpoint;
import io.cronbeat.http.NodeMetrics;
import io.cronbeat.http.NodeStatus;
import io.cronbeat.job.JobDefinition;
import io.cronbeat.job.JobLoader;
import io.cronbeat.job.JobSet;
import io.cronbeat.notify.Notifier;
import io.cronbeat.store.ClusterLock;
import io.cronbeat.store.Database;
import io.cronbeat.store.DatabaseClock;
import io.cronbeat.store.Jdbc;
import io.cronbeat.store.JobTable;
import io.cronbeat.store.NodeTable;
import io.cronbeat.store.NotificationTable;
import io.cronbeat.store.RunHistory;
import io.cronbeat.store.RunLeases;
import io.cronbeat.store.RunQueue;
import io.cronbeat.store.RunTableVacuum;
import io.cronbeat.store.StoreProbe;
import io.cronbeat.store.quartz.QuartzEngine;
import io.cronbeat.sync.JobSync;
import io.cronbeat.sync.SyncPlan;
import io.cronbeat.text.Diagnostic;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
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
  /** How long /health/ready waits for the store's answer: well inside a probe's usual timeout. */
  private static final Duration STORE_CHECK = Duration.ofSeconds(2);

  private final CronbeatConfig config;
  private final DatabaseClock clock;
  private final int jobCount;
  private volatile boolean clockFar;
  private final String id;
  private final Database database;
  private final NodeTable nodes;
  private final Notifier notifier;
  private final Dispatcher dispatcher;
  private final Upkeep upkeep;
  private final QuartzEngine quartz;
  private final JobSync sync;
  private final LongAdder storeErrors = new LongAdder();
  private final StoreProbe probe;
  private final RunTableVacuum vacuum;
  private final NodeMetrics metrics;
  private final Api api;
  private Optional<HttpEndpoint> http = Optional.empty();
  private ScheduleWatcher watcher;
  private final Optional<ClassArchive> classArchive = ClassArchive.requested();
  private volatile boolean stopped;

  private Node(CronbeatConfig config, Clock clock, Declaration declared, Optional<Executor> everyRun,
      Database.Sleeper databaseWait) {
    this.config = config;
    this.jobCount = declared.jobs().size();
    Host host = Host.local();
    // Host and pid say where it runs; the random part keeps two nodes of one JVM (tests, the bench) or
    // of one pid in two containers apart: 4 hex digits met twice in one test run.
    this.id = host.name() + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    this.database = Database.openWhenReachable(config, Clock.systemUTC(), databaseWait);
    Jdbc jdbc = new Jdbc(database.dataSource(), storeErrors::increment);
    this.clock = new DatabaseClock(clock, jdbc, database.dialect());
    this.probe = new StoreProbe(jdbc, STORE_CHECK);
    this.vacuum = RunTableVacuum.start(database);
    this.metrics = new NodeMetrics(this.clock, probe, storeErrors::sum, this::status);
    JobTable jobTable = new JobTable(jdbc, this.clock);
    RunQueue queue = new RunQueue(jdbc);
    RunHistory history = new RunHistory(jdbc);
    this.nodes = new NodeTable(jdbc);
    ProcessRunner runner = new ProcessRunner(config.limits().outputMaxBytes(), config.limits().outputTailLines(),
        config.node().killGrace());
    // Jobs' output to the node's log when asked (log.job-output); the notify commands' never.
    ProcessRunner jobRunner = new ProcessRunner(config.limits().outputMaxBytes(), config.limits().outputTailLines(),
        config.node().killGrace(), config.log().jobOutput());
    Path logDir = config.dataDir().resolve("logs").toAbsolutePath();
    this.notifier = new Notifier(runner, logDir, new NotificationTable(jdbc), this.clock,
        new Notifier.Settings(System.getenv(), config.http()::runLink, Notifier.RETRY_DELAYS));
    DispatchContext context = new DispatchContext(id, host, config.node(), queue, history,
        new RunLeases(jdbc, database.dialect()), jobTable,
        everyRun.orElse(new WorkExecutor(jobRunner, new HttpExecutor(config.limits().outputMaxBytes(),
            config.limits().outputTailLines(), System.getenv(), config.log().jobOutput()))),
        notifier, this.clock, logDir, () -> ThreadLocalRandom.current().nextDouble(), metrics, config.cluster());
    this.dispatcher = new Dispatcher(context);
    metrics.countNodes(config.node().lease());
    metrics.executorPool(dispatcher::busyThreads, config.node().executorThreads());
    this.upkeep = new Upkeep(context, nodes, dispatcher,
        new Upkeep.Retention(config.limits().historyMaxRunsPerJob(), config.limits().historyMaxAge()),
        new OverdueJobs(jobTable, history, config.jobs().expect()));
    FiringRecorder recorder = new FiringRecorder(jobTable, config.limits().catchUpMaxRuns(),
        () -> ThreadLocalRandom.current().nextDouble(), dispatcher::wake);
    this.quartz = new QuartzEngine(database, new QuartzEngine.Settings(CLUSTER, id, config.node().misfireAfter()), this.clock,
        new ReportedFirings(recorder, metrics));
    this.sync = new JobSync(jobTable, quartz, new ClusterLock(jdbc));
    this.api = new Api(new RunService(jobTable, queue, history, this.clock, config.limits().catchUpMaxRuns())
        .wakingAfterQueue(dispatcher::wake),
        new RunViews(jobTable, history, queue, nodes, new NotificationTable(jdbc), this.clock, config.jobs().expect(),
            new RunWaits.Settings(config.node().lease(), config.cluster().groups())),
        config.node().lease(), config.http().queueLimit());
    Instant now = this.clock.instant();
    ProcessHandle self = ProcessHandle.current();
    nodes.register(new NodeTable.NodeRow(id, host.name(), self.pid(), now, now, null, host.processKey(),
        self.info().startInstant().orElse(null), config.cluster().labels()));
    sync(declared);
  }

  /**
   * Valid declared jobs, and their rows as the sync compares and writes them, made on a thread of
   * their own while the store opens: serializing and fingerprinting 10,000 definitions needs no
   * store, and took a third of an unchanged re-sync after the store was open (issue 8).
   */
  private record Declaration(List<JobDefinition> jobs, CompletableFuture<List<JobTable.Declared>> rows) {

    static Declaration of(JobSet valid) {
      List<JobDefinition> jobs = valid.jobs();
      return new Declaration(jobs, CompletableFuture.supplyAsync(() -> SyncPlan.declare(jobs), task -> {
        Thread thread = new Thread(task, "cronbeat-declare");
        thread.setDaemon(true);
        thread.start();
      }));
    }

    List<JobTable.Declared> awaitRows() {
      try {
        return rows.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException cause ? cause : e;
      }
    }
  }

  /**
   * Starts a node on valid schedules.
   *
   * @throws InvalidSchedulesException when any job file is invalid: nothing is started
   */
  public static Node start(CronbeatConfig config, Clock clock) {
    return start(config, clock, Optional.empty(), Database.SLEEP);
  }

  /**
   * Starts a node that waits for an unreachable database with {@code databaseWait}: the way a
   * TERM during that wait ends it (the start is not interrupted: H2 and Flyway print stack traces
   * when their threads are).
   */
  public static Node start(CronbeatConfig config, Clock clock, Database.Sleeper databaseWait) {
    return start(config, clock, Optional.empty(), databaseWait);
  }

  /**
   * Starts a node whose every attempt goes to {@code everyRun} instead of its job's command: the
   * benchmark's way to measure the scheduler alone (see {@link io.cronbeat.exec.NoopExecutor}).
   */
  public static Node start(CronbeatConfig config, Clock clock, Executor everyRun) {
    return start(config, clock, Optional.of(everyRun), Database.SLEEP);
  }

  private static Node start(CronbeatConfig config, Clock clock, Optional<Executor> everyRun,
      Database.Sleeper databaseWait) {
    // The port first: a busy port or an unsafe bind stops the start before anything else happens.
    Optional<HttpEndpoint> http = config.http().enabled() ? Optional.of(HttpEndpoint.bind(config.http())) : Optional.empty();
    Node node = null;
    try {
      node = create(config, clock, everyRun, databaseWait);
      node.serve(http);
    } catch (RuntimeException e) {
      http.ifPresent(HttpEndpoint::close);
      if (node != null) {
        node.stop();
      }
      throw e;
    }
    node.syncClock();
    node.upkeep.beat(); // recover runs of nodes that died before we came, before claiming any
    node.quartz.start();
    node.dispatcher.start();
    node.upkeep.start(node::syncClock);
    node.watch();
    Map<String, String> labels = node.config.cluster().labels();
    log.info("node={} started: {} jobs from {}, store {}, {} executor threads{}", node.id, node.jobCount,
        node.config.schedules(), node.database.maskedUrl(), node.config.node().executorThreads(),
        labels.isEmpty() ? "" : ", labels " + CronbeatConfig.Cluster.pairs(labels));
    node.sayWhoElseRuns();
    node.classArchive.ifPresent(ClassArchive::writeInBackground); // once every class of a start is loaded
    return node;
  }

  /**
   * A second {@code run} on the same store (the same data dir, or one database) is a second node
   * of one cluster, not a mistake, nor a copy that runs every job twice: the start says so.
   */
  private void sayWhoElseRuns() {
    Instant now = clock.instant();
    List<String> peers = nodes.running().stream().filter(peer -> !peer.id().equals(id))
        .filter(peer -> !peer.heartbeatAt().plus(config.node().lease()).isBefore(now))
        .map(peer -> peer.id() + " on " + peer.host() + " pid " + peer.pid()).toList();
    if (!peers.isEmpty()) {
      log.info("node={} joins {} running on this store as node {} of the cluster: {}; each firing runs once, on one of them",
          id, peers.size() == 1 ? "the node" : "the " + peers.size() + " nodes", peers.size() + 1, String.join(", ", peers));
    }
  }

  /**
   * A node that does nothing by itself: no Quartz thread, no claim loop, no heartbeat, and the
   * clock it was given (never set to the database's). Tests step it by hand with
   * {@link #firePass}, {@link #claimPass}, {@link #upkeepPass} and {@link #guardPass}.
   */
  public static Node manual(CronbeatConfig config, Clock clock) {
    Optional<HttpEndpoint> http = config.http().enabled() ? Optional.of(HttpEndpoint.bind(config.http())) : Optional.empty();
    try {
      Node node = create(config, clock, Optional.empty(), Database.SLEEP);
      node.serve(http); // the endpoint too, when the configuration turns it on: the API of a node stepped by hand
      return node;
    } catch (RuntimeException e) {
      http.ifPresent(HttpEndpoint::close);
      throw e;
    }
  }

  private static Node create(CronbeatConfig config, Clock clock, Optional<Executor> everyRun,
      Database.Sleeper databaseWait) {
    JobSet jobs = load(config, clock);
    if (!jobs.valid()) {
      throw new InvalidSchedulesException(jobs.diagnostics());
    }
    log.info("node starting: {}", config.describe());
    return new Node(config, clock, Declaration.of(jobs), everyRun, databaseWait);
  }

  private void serve(Optional<HttpEndpoint> endpoint) {
    if (endpoint.isPresent()) {
      ApiToken token = ApiToken.of(config.http(), config.dataDir());
      endpoint.get().serve(new HttpEndpoint.Sources(token, this::status, probe, metrics, api));
      http = endpoint;
    }
  }

  /** Leases are measured on the database's clock; a large difference is worth a word. */
  private void syncClock() {
    Duration offset = clock.sync();
    boolean far = offset.abs().compareTo(config.node().heartbeat()) > 0;
    if (far && !clockFar) {
      log.warn("this node's clock is {} ms {} the database's; leases use the database's clock", offset.abs().toMillis(),
          offset.isNegative() ? "ahead of" : "behind");
    } else if (!far && clockFar) {
      log.info("this node's clock is within {} ms of the database's again", offset.abs().toMillis());
    }
    clockFar = far;
  }

  /**
   * One firing pass at the clock's instant, of at most {@code limit} due triggers (a small limit
   * makes a node that falls behind).
   */
  public void firePass(int limit) {
    quartz.firePass(limit);
  }

  /**
   * Looks at the run queue now rather than at the next node.poll, as a firing on this node does:
   * for runs made due from outside the node (the benchmark's drain, which times from this call).
   */
  public void wake() {
    dispatcher.wake();
  }

  /** One claim pass; returns how many runs it started. */
  public int claimPass() {
    return dispatcher.claimDue();
  }

  /** One heartbeat: lease renewal, cancellations, recovery of gone nodes' runs. */
  public void upkeepPass() {
    upkeep.beat();
  }

  /** One pass of the lease guard; returns how many attempts it stopped. */
  public int guardPass() {
    return dispatcher.enforceLeases();
  }

  /** What the health checks and metrics read: is this node firing, claiming, stopping. */
  public NodeStatus status() {
    return new NodeStatus(id, quartz.firingFailing(), dispatcher.claimFailing(), stopped, dispatcher.running().size());
  }

  /** What {@code /metrics} answers now: a node stepped by hand serves no endpoint, and its tests read this. */
  public String metricsText() {
    return metrics.scrape();
  }

  /** Where the HTTP endpoint listens, if it is on. */
  public Optional<InetSocketAddress> httpAddress() {
    return http.map(HttpEndpoint::address);
  }

  /** The routes its HTTP endpoint serves ({@code METHOD /path/{parameter}}), if it is on. */
  public List<String> httpRoutes() {
    return http.map(HttpEndpoint::routes).orElse(List.of());
  }

  /** Runs this node is running now. */
  public Set<Long> running() {
    return dispatcher.running();
  }

  private static JobSet load(CronbeatConfig config, Clock clock) {
    return new JobLoader(config.timezone(), config.cronDialect(), clock).load(List.of(config.schedules()));
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
      sync(Declaration.of(jobs));
      return true;
    } catch (CronbeatException e) {
      log.error("reload failed: {}; the jobs loaded before keep running", e.getMessage());
      return false;
    }
  }

  private void sync(Declaration declared) {
    long started = System.nanoTime();
    SyncPlan plan = sync.apply(declared.jobs(), declared.awaitRows());
    log.info("sync: {} added, {} changed, {} removed, {} unchanged in {} ms", plan.added().size(), plan.changed().size(),
        plan.remove().size(), plan.unchanged(), Duration.ofNanos(System.nanoTime() - started).toMillis());
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
    http.ifPresent(HttpEndpoint::close); // served while draining: /health/ready said "stopping"
    probe.close();
    vacuum.close();
    database.close();
    classArchive.ifPresent(ClassArchive::awaitWritten);
    log.info("node={} stopped", id);
  }

  @Override
  public void close() {
    stop();
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
