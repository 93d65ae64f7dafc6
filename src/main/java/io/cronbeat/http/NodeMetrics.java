package io.cronbeat.http;

import io.cronbeat.dispatch.RunEvents;
import io.cronbeat.run.AttemptOutcome;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunState;
import io.cronbeat.store.AttemptEnd;
import io.cronbeat.store.NewRun;
import io.cronbeat.store.RunQueue;
import io.cronbeat.store.StoreException;
import io.cronbeat.store.StoreProbe;
import io.cronbeat.store.Transition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * This node's Prometheus series. Counters are per node, as Prometheus expects: each run's
 * outcome is counted by the one node that recorded it, so {@code sum()} over the nodes is the
 * cluster's. The queue's depth is the store's, read once per scrape. Labels are job names and
 * states only, never commands or their environment.
 */
public final class NodeMetrics implements RunEvents {

  /** Bounds of the attempt duration histogram: from a quick command to an hour-long batch. */
  private static final Duration[] DURATION_BUCKETS = seconds(0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600);
  /** Bounds of the firing lag histogram: a healthy node starts a run within a fraction of a second. */
  private static final Duration[] LAG_BUCKETS = seconds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300);

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Clock clock;
  private final StoreProbe store;
  private final Timer firingLag;
  /** Held here: Micrometer holds a function counter's object weakly, and a method reference has no other owner. */
  private final LongSupplier storeErrors;
  private volatile double queueDue = Double.NaN;
  private volatile double queueFuture = Double.NaN;
  private volatile double nodesAlive = Double.NaN;
  /** Nodes whose heartbeat is older than this are not counted alive; zero until {@link #countNodes} is called. */
  private volatile Duration aliveWithin = Duration.ZERO;
  /** This node's value of cronbeat_job_overdue, by job. */
  private final Map<String, AtomicInteger> overdue = new ConcurrentHashMap<>();

  /**
   * @param clock the node's (database's) clock, for "due now"
   * @param storeErrors how many store transactions have failed on this node so far
   */
  public NodeMetrics(Clock clock, StoreProbe store, LongSupplier storeErrors, Supplier<NodeStatus> status) {
    this.clock = clock;
    this.store = store;
    this.storeErrors = storeErrors;
    this.firingLag = Timer.builder("cronbeat.firing.lag")
        .description("first attempt start - scheduled time, of scheduled runs (jitter included)")
        .serviceLevelObjectives(LAG_BUCKETS).register(registry);
    FunctionCounter.builder("cronbeat.store.errors", this.storeErrors, LongSupplier::getAsLong)
        .description("store transactions of this node that failed with a database error").register(registry);
    // Strong references: Micrometer holds a gauge's object weakly, and nothing else holds this supplier.
    Gauge.builder("cronbeat.attempts.running", status, s -> s.get().running()).strongReference(true)
        .description("attempts running on this node").register(registry);
    Gauge.builder("cronbeat.queue.due", this, m -> m.queueDue).baseUnit("runs")
        .description("queued runs due now (all nodes'), read at scrape time; NaN if the store did not answer")
        .register(registry);
    Gauge.builder("cronbeat.queue.future", this, m -> m.queueFuture).baseUnit("runs")
        .description("queued runs due later (delays, retries, firings recorded ahead), read at scrape time")
        .register(registry);
  }

  private static Duration[] seconds(double... values) {
    return Arrays.stream(values).mapToObj(v -> Duration.ofNanos((long) (v * 1e9))).toArray(Duration[]::new);
  }

  /**
   * Adds cronbeat_nodes_alive: nodes whose heartbeat is at most {@code lease} old, read at
   * scrape time.
   */
  public void countNodes(Duration lease) {
    aliveWithin = lease;
    Gauge.builder("cronbeat.nodes.alive", this, m -> m.nodesAlive)
        .description("nodes (all of the cluster's) whose last heartbeat is within node.lease, read at scrape time")
        .register(registry);
  }

  /** Adds the executor pool's gauges: threads busy with an attempt's work, and how many there are. */
  public void executorPool(IntSupplier busy, int threads) {
    Gauge.builder("cronbeat.executor.threads.busy", busy, IntSupplier::getAsInt).strongReference(true)
        .description("executor threads of this node busy with an attempt's work").register(registry);
    Gauge.builder("cronbeat.executor.threads.max", () -> threads).strongReference(true)
        .description("executor threads of this node (executor.threads)").register(registry);
  }

  /** The Prometheus text exposition, the queue's depth read now. */
  public String scrape() {
    Instant now = clock.instant();
    try {
      RunQueue.Counts counts = store.counts(now);
      queueDue = counts.due();
      queueFuture = counts.later();
    } catch (StoreException e) {
      queueDue = Double.NaN;
      queueFuture = Double.NaN;
    }
    if (!aliveWithin.isZero()) {
      try {
        nodesAlive = store.nodesAlive(now.minus(aliveWithin));
      } catch (StoreException e) {
        nodesAlive = Double.NaN;
      }
    }
    return registry.scrape();
  }

  @Override
  public void jobsWatched(Map<String, Boolean> now) {
    now.forEach((job, late) -> overdue.computeIfAbsent(job, this::overdueGauge).set(late ? 1 : 0));
    for (String gone : List.copyOf(overdue.keySet())) {
      if (!now.containsKey(gone)) {
        overdue.remove(gone);
        Gauge gauge = registry.find("cronbeat.job.overdue").tag("job", gone).gauge();
        if (gauge != null) {
          registry.remove(gauge);
        }
      }
    }
  }

  private AtomicInteger overdueGauge(String job) {
    AtomicInteger value = new AtomicInteger();
    Gauge.builder("cronbeat.job.overdue", value, AtomicInteger::get).tag("job", job)
        .description("1 while the job is overdue (a firing's expect grace passed without a success), else 0")
        .register(registry);
    return value;
  }

  @Override
  public void attemptStarted(Run run, int attempt, Instant at) {
    // Only first attempts: a retry or a recovered run starts late on purpose.
    if (run.scheduledAt() != null && attempt == 1) {
      firingLag.record(Duration.between(run.scheduledAt(), at).isNegative() ? Duration.ZERO
          : Duration.between(run.scheduledAt(), at));
    }
  }

  @Override
  public void attemptRecorded(Run run, AttemptEnd end, Transition next, Duration took) {
    Timer.builder("cronbeat.attempt.duration").description("how long attempts ran, by job")
        .serviceLevelObjectives(DURATION_BUCKETS).tag("job", run.job()).register(registry).record(took);
    if (end.outcome() == AttemptOutcome.LOST) {
      lost(run);
    }
    if (next instanceof Transition.Finish finish) {
      finished(run.job(), finish.state());
    } else if (next instanceof Transition.Cancelled) {
      finished(run.job(), RunState.CANCELLED);
    } else if (next instanceof Transition.Requeue requeue && !requeue.lost()) {
      Counter.builder("cronbeat.retries").description("failed attempts queued again for a retry")
          .tag("job", run.job()).register(registry).increment();
    }
  }

  @Override
  public void firingsRecorded(List<NewRun> runs) {
    runs.stream().filter(r -> r.state() == RunState.MISSED).forEach(r -> finished(r.job(), RunState.MISSED));
  }

  @Override
  public void skipped(Run run) {
    finished(run.job(), RunState.SKIPPED);
  }

  @Override
  public void recovered(Run run, boolean runFailed) {
    lost(run);
    if (runFailed) {
      finished(run.job(), RunState.FAILED);
    }
  }

  private void finished(String job, RunState state) {
    Counter.builder("cronbeat.runs").description("runs that reached a final state, by job and state")
        .tag("job", job).tag("state", state.name()).register(registry).increment();
  }

  private void lost(Run run) {
    Counter.builder("cronbeat.attempts.lost")
        .description("attempts lost with their node (stopped, cut off from the database, or dead)")
        .tag("job", run.job()).register(registry).increment();
  }
}
