package io.cronbeat.bench;

/** (1): the drain table, store by store and worker count by worker count, every system side by side. */
final class DrainPhase {

  private DrainPhase() {}

  static void run(Options options, Results results) {
    int runs = options.runs();
    for (StoreKind store : options.stores()) {
      for (int workers : options.workers()) {
        String at = "drain workers=" + workers + " ";
        Drain cronbeat = Measure.onFresh(results, at + "cronbeat no-op", store, db -> CronbeatDrain.run(db, runs, workers,
            options.cap(), ExecutorMode.NOOP, CronbeatDrain.Cluster.ONE_IN_JVM));
        Drain quartz = Measure.onFresh(results, at + "quartz no-op", store,
            db -> QuartzDrain.run(db, runs, workers, options.cap(), null));
        Drain dbScheduler = Measure.onFresh(results, at + "db-scheduler no-op", store,
            db -> DbSchedulerDrain.run(db, runs, workers, options.cap()));
        results.add(Section.DRAIN, new DrainRow(store, workers, "no-op", cronbeat, quartz, dbScheduler, null, null));
        // Measured right before the drain they bound, so that all three see the same machine.
        Drain spawn = Measure.of(results, at + "spawn limit",
            () -> SpawnLimit.run(SpawnLimit.PLAIN, runs, workers, options.spawnCap()));
        Drain session = Measure.of(results, at + "spawn limit with setsid",
            () -> SpawnLimit.run(SpawnLimit.SESSION, runs, workers, options.spawnCap()));
        Drain processes = Measure.onFresh(results, at + "cronbeat process", store, db -> CronbeatDrain.run(db, runs,
            workers, options.cap(), ExecutorMode.PROCESS, CronbeatDrain.Cluster.ONE_IN_JVM));
        results.add(Section.DRAIN, new DrainRow(store, workers, "process", processes, null, null, spawn, session));
      }
    }
  }
}
