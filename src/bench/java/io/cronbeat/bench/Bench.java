package io.cronbeat.bench;

import io.cronbeat.exec.LaunchMechanism;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/bench}: issue 8's benchmark. In one run, side by side so that ratios hold on a
 * noisy machine: (1) drains against plain Quartz, db-scheduler and the spawn limit, (2) jobs due
 * at one instant, (3) firing lag against plain Quartz, (4) bin/scheduler with many jobs and an
 * idle node, (5) one to three nodes on one database. Every measurement gets a fresh database and
 * a time cap; results are printed and written to target/bench/results.json.
 */
public final class Bench {

  /** Executor threads of the node (and of Quartz) while jobs fire at one instant. */
  private static final int BURST_WORKERS = 10;

  private Bench() {}

  public static void main(String[] args) throws Exception {
    // As Main does for a node, so that the spawn limit and cronbeat's `true` drain start processes the same way.
    LaunchMechanism.choose();
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.println(Options.usage());
      return;
    }
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    String command = ("bin/bench " + String.join(" ", args)).strip();
    Results results = new Results();
    System.err.printf("bench: %s; its caps, leads and windows add up to at most %ds, setup comes on top%n",
        options.quick() ? "quick run (smoke test)" : "full run", TimeBudget.of(options).toSeconds());
    String before = Machine.load();
    long start = System.nanoTime();
    if (options.runs("drain")) {
      DrainPhase.run(options, results);
    }
    Options.Sizes sizes = options.sizes();
    for (StoreKind store : options.stores()) {
      if (options.runs("burst")) {
        burst(options, results, store);
      }
      if (options.runs("lag")) {
        lag(options, results, store);
      }
      if (options.runs("cli")) {
        Measure.onFresh(results, "cli " + sizes.cliJobs() + " jobs", store, db -> {
          CliTimings.run(db, options.root(), sizes.cliJobs(), results);
          return null;
        });
      }
    }
    if (options.runs("idle")) {
      // One store: the embedded default when it is measured.
      results.add(Section.IDLE, Measure.onFresh(results, "idle node", options.stores().get(0),
          db -> IdleNode.run(db, options.root(), sizes.idleJobs(), sizes.idle().warmUp(), sizes.idle().length())));
    }
    if (options.runs("cluster")) {
      ClusterPhase.run(options, results);
    }
    String machine = Machine.describe() + String.format("; load average before %s, after %s; took %ds", before,
        Machine.load(), Duration.ofNanos(System.nanoTime() - start).toSeconds());
    results.print(System.out, machine, command);
    Path json = options.root().resolve("target/bench/results.json");
    results.write(json, machine, command, settings(options));
    System.out.println("wrote " + json);
    // A smoke test (CI) fails on a duplicated run or a measurement that did not complete, never on a slow number.
    System.exit(results.ok() ? 0 : 1);
  }

  private static void burst(Options options, Results results, StoreKind store) {
    int jobs = options.sizes().burstJobs();
    results.add(Section.BURST, Measure.onFresh(results, "burst " + jobs + " jobs cronbeat", store,
        db -> BurstFiring.run(db, jobs, BURST_WORKERS, options.sizes().burstLead(), options.cap().multipliedBy(2))));
    // Quartz's drain is in (1) already: its burst only for the full run, where the comparison is worth the time.
    if (!options.quick()) {
      results.add(Section.BURST, Measure.onFresh(results, "burst " + jobs + " jobs quartz", store,
          db -> BurstFiring.quartz(db, jobs, BURST_WORKERS, options.cap())));
    }
  }

  private static void lag(Options options, Results results, StoreKind store) {
    Options.Sizes sizes = options.sizes();
    results.addAll(Section.LAG, Measure.onFresh(results, "lag cronbeat", store, db -> CronbeatLag.run(db,
        sizes.lagJobs(), options.lagWorkers(), sizes.lag(), CronbeatDrain.Cluster.ONE_IN_JVM)));
    if (options.lagQuartz()) {
      results.add(Section.LAG, Measure.onFresh(results, "lag quartz", store, db -> QuartzLag.run(db, sizes.lagJobs().noop(),
          options.lagWorkers(), sizes.lag())));
    }
  }

  private static Map<String, Object> settings(Options options) {
    return Json.object("quick", options.quick(), "runs", options.runs(), "workers", options.workers(),
        "cap_s", options.cap().toSeconds(), "lag_window_s", options.sizes().lag().length().toSeconds(),
        "lag_warm_up_s", options.sizes().lag().warmUp().toSeconds(), "lag_workers", options.lagWorkers(),
        "lag_jobs", List.of(options.sizes().lagJobs().noop(), options.sizes().lagJobs().process()), "lag_quartz", options.lagQuartz(),
        "pg_pool_cap", CronbeatEnv.PG_POOL_CAP, "spawn_cap_s", options.spawnCap().toMillis() / 1e3,
        "planned_waits_s", TimeBudget.of(options).toSeconds());
  }

}
