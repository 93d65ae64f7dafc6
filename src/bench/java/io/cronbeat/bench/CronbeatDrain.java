package io.cronbeat.bench;

import io.cronbeat.node.Node;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * cronbeat's whole path for queued runs: N runs queued as {@code scheduler submit} queues them,
 * held until the nodes are up, then made due at once and timed until the store says every run
 * SUCCEEDED. With the no-op executor that is the scheduler alone; with processes, {@code true}.
 */
final class CronbeatDrain {

  private CronbeatDrain() {}

  /** Where the nodes run, and how many. */
  record Cluster(int nodes, boolean processes) {
    static final Cluster ONE_IN_JVM = new Cluster(1, false);
  }

  static Drain run(BenchDatabase db, int runs, int workers, Duration cap, ExecutorMode mode, Cluster cluster)
      throws Exception {
    Map<String, String> env = CronbeatEnv.of(db, workers);
    AtomicInteger executed = new AtomicInteger();
    boolean counted = mode == ExecutorMode.NOOP && !cluster.processes();
    try (Nodes nodes = cluster.processes() ? NodeProcesses.start(cluster.nodes(), mode, env, db.dir())
        : counted ? Nodes.inJvm(cluster.nodes(), () -> Node.start(CronbeatEnv.config(env), Clock.systemUTC(),
            new CountingNoop(executed)))
        : Nodes.inJvm(cluster.nodes(), mode, env); CronbeatRuns store = CronbeatRuns.open(env)) {
      store.queueHeld(runs, List.of("true"));
      // Timed from the moment the runs are due and visible, as db-scheduler's and Quartz's are
      // from their start with every task due already: making 20,000 rows due is the benchmark's
      // set-up (seconds on a loaded H2), not the scheduler's work. Then the nodes are woken, as a
      // firing on a node wakes it: db-scheduler's first look at its table is at its start, and
      // without this cronbeat's time held the wait for its next node.poll (half a second on
      // average). Nodes in other processes (the cluster drains) still wait for their poll.
      store.release();
      DrainClock clock = DrainClock.start();
      nodes.wake();
      long deadline = clock.startNanos() + cap.toNanos();
      if (counted) {
        // As db-scheduler's drain is watched: its work counted in memory, then the store asked
        // until it says every outcome is recorded. Counting 20,000 rows every 50 ms meanwhile
        // took about a sixth of the CPU of a 2-core machine from the node being measured.
        Poll.until(executed::get, runs, deadline, Duration.ofMillis(5));
      }
      int finished = Poll.until(() -> store.count("SELECT COUNT(*) FROM cb_runs WHERE state = 'SUCCEEDED'"), runs,
          deadline, Duration.ofMillis(counted ? 20 : 50));
      Drain drain = clock.stop(runs, Math.min(finished, runs), 0); // the nodes' stop is not timed
      int failed = store.count("SELECT COUNT(*) FROM cb_runs WHERE state IN ('FAILED', 'TIMED_OUT')");
      if (failed > 0) {
        throw new IllegalStateException(failed + " runs failed: the drain measured something broken");
      }
      return new Drain(drain.queued(), drain.finished(), drain.elapsed(), drain.cpu(), store.duplicated());
    }
  }
}
