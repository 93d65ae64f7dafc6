package io.cronbeat.bench;

/** (1): the drain table, store by store and worker count by worker count, every system side by side. */
final class DrainPhase {

  /** Runs of each warm-up drain: enough for the JIT to compile the store's and the schedulers' hot paths. */
  static final int WARM_UP_RUNS = 5_000;

  private DrainPhase() {}

  static void run(Options options, Results results) {
    int runs = options.runs();
    for (StoreKind store : options.stores()) {
      if (!options.quick()) {
        warmUp(options, results, store);
      }
      for (int workers : options.workers()) {
        String at = "drain workers=" + workers + " ";
        Drain cronbeat = Measure.onFresh(results, at + "cronbeat no-op", store, db -> CronbeatDrain.run(db, runs, workers,
            options.cap(), ExecutorMode.NOOP, CronbeatDrain.Cluster.ONE_IN_JVM));
        Drain quartz = Measure.onFresh(results, at + "quartz no-op", store,
            db -> QuartzDrain.run(db, runs, workers, options.cap(), null));
        Drain dbScheduler = Measure.onFresh(results, at + "db-scheduler no-op", store,
            db -> DbSchedulerDrain.run(db, runs, workers, options.cap()));
        // On H2 also with cronbeat's durability: each commit in the file before it returns.
        Drain dbSchedulerDurable = store != StoreKind.H2 ? null : Measure.onFresh(results,
            at + "db-scheduler no-op WRITE_DELAY=0", store, db -> DbSchedulerDrain.run(db, runs, workers, options.cap(), true));
        results.add(Section.DRAIN, new DrainRow(store, workers, "no-op", cronbeat, quartz, dbScheduler, dbSchedulerDurable,
            null, null));
        // Measured right before the drain they bound, so that all three see the same machine.
        Drain spawn = Measure.of(results, at + "spawn limit",
            () -> SpawnLimit.run(SpawnLimit.PLAIN, runs, workers, options.spawnCap()));
        Drain session = Measure.of(results, at + "spawn limit with setsid",
            () -> SpawnLimit.run(SpawnLimit.SESSION, runs, workers, options.spawnCap()));
        Drain processes = Measure.onFresh(results, at + "cronbeat process", store, db -> CronbeatDrain.run(db, runs,
            workers, options.cap(), ExecutorMode.PROCESS, CronbeatDrain.Cluster.ONE_IN_JVM));
        results.add(Section.DRAIN, new DrainRow(store, workers, "process", processes, null, null, null, spawn, session));
      }
    }
  }

  /**
   * One untimed drain of cronbeat and of db-scheduler before the timed ones: the first drain in
   * this JVM otherwise pays for compiling the database's code (H2's runs in this JVM) and its
   * pool's, and cronbeat came first: its no-op drain took 50 to 90 % more CPU per run in a fresh JVM than in the next.
   */
  private static void warmUp(Options options, Results results, StoreKind store) {
    int workers = options.workers().get(0);
    Measure.onFresh(results, "drain warm-up cronbeat no-op", store, db -> CronbeatDrain.run(db, WARM_UP_RUNS, workers,
        options.cap(), ExecutorMode.NOOP, CronbeatDrain.Cluster.ONE_IN_JVM));
    Measure.onFresh(results, "drain warm-up db-scheduler no-op", store,
        db -> DbSchedulerDrain.run(db, WARM_UP_RUNS, workers, options.cap()));
  }
}
