package io.cronbeat.bench;

import java.util.List;

/** (5): one, two and three node processes on one database, draining and firing no-op work. */
final class ClusterPhase {

  private static final int WORKERS = 10;

  private ClusterPhase() {}

  static void run(Options options, Results results) {
    StoreKind store = options.clusterStore();
    for (int nodes : options.sizes().clusterNodes()) {
      CronbeatDrain.Cluster cluster = new CronbeatDrain.Cluster(nodes, true);
      Drain drain = Measure.onFresh(results, "cluster nodes=" + nodes + " drain", store,
          db -> CronbeatDrain.run(db, options.runs(), WORKERS, options.cap(), ExecutorMode.NOOP, cluster));
      List<LagRow> lag = Measure.onFresh(results, "cluster nodes=" + nodes + " lag", store,
          db -> CronbeatLag.run(db, new CronbeatLag.Jobs(options.sizes().lagJobs().noop(), 0), WORKERS,
              options.sizes().clusterLag(), cluster));
      results.add(Section.CLUSTER, new ClusterRow(store, nodes, "processes", drain, lag == null ? null : lag.get(0)));
    }
  }
}
