package io.cronbeat.bench;

import java.util.List;

/**
 * (5): one, two and three nodes on one database, draining and firing no-op work: node processes
 * in the full run; in-JVM nodes for --quick, where three JVM starts would take most of its minute.
 */
final class ClusterPhase {

  private static final int WORKERS = 10;

  private ClusterPhase() {}

  static void run(Options options, Results results) {
    StoreKind store = options.clusterStore();
    for (int nodes : options.sizes().clusterNodes()) {
      CronbeatDrain.Cluster cluster = new CronbeatDrain.Cluster(nodes, options.sizes().clusterProcesses());
      Drain drain = Measure.onFresh(results, "cluster nodes=" + nodes + " drain", store,
          db -> CronbeatDrain.run(db, options.runs(), WORKERS, options.cap(), ExecutorMode.NOOP, cluster));
      List<LagRow> lag = Measure.onFresh(results, "cluster nodes=" + nodes + " lag", store,
          db -> CronbeatLag.run(db, new CronbeatLag.Jobs(options.sizes().lagJobs().noop(), 0), WORKERS,
              options.sizes().clusterLag(), cluster));
      results.add(Section.CLUSTER, new ClusterRow(store, nodes, cluster.processes() ? "processes" : "in-JVM", drain, lag == null ? null : lag.get(0)));
    }
  }
}
