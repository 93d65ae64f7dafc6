package io.cronbeat.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The command line: {@code bin/bench [--quick] [--store h2|postgresql|both] [--only PHASES]
 * [--runs N] [--workers 10,50] [--cap SECONDS] [--lag-seconds S] [--lag-workers N] [--lag-jobs NOOP,PROCESS]
 * [--lag-quartz yes|no]}. {@code --quick}
 * is the smoke test (every measurement, small, H2 only, under a minute); the default is the full run.
 *
 * @param lagWorkers executor threads of the node (and of Quartz) in the lag measurement
 * @param lagQuartz whether the lag measurement runs Quartz's too (no: comparing two builds of cronbeat)
 */
record Options(boolean quick, List<StoreKind> stores, Set<String> phases, int runs, List<Integer> workers, Duration cap,
    Sizes sizes, int lagWorkers, boolean lagQuartz, Path root) {

  /** The drain's smaller worker count, as issue 8 first measured lag. */
  static final int DEFAULT_LAG_WORKERS = 10;

  static final List<String> PHASES = List.of("drain", "burst", "lag", "cli", "idle", "cluster");

  /** How big each measurement is. */
  record Sizes(int burstJobs, Duration burstLead, CronbeatLag.Jobs lagJobs, LagWindow.Plan lag, int cliJobs,
      int idleJobs, LagWindow.Plan idle, List<Integer> clusterNodes, boolean clusterProcesses, LagWindow.Plan clusterLag) {

    /** Small enough that the whole smoke test takes well under a minute (about 40 s here). */
    static Sizes quick() {
      return new Sizes(200, Duration.ofSeconds(4), new CronbeatLag.Jobs(50, 10), plan(1, 2, 2), 200,
          100, plan(1, 2, 0), List.of(2), false, plan(1, 2, 2));
    }

    /**
     * Issue 8's sizes. The waits they plan ({@link TimeBudget}: caps, leads, windows) add up to
     * about 11 minutes on both stores, so that with the setup between them (nodes started, jobs
     * synced, runs queued: two to three minutes here) the whole run stays within 15.
     */
    static Sizes full() {
      return new Sizes(5_000, Duration.ofSeconds(15), new CronbeatLag.Jobs(500, 100), plan(3, 60, 5), 10_000,
          1_000, plan(5, 60, 0), List.of(1, 2, 3), true, plan(3, 10, 5));
    }

    private static LagWindow.Plan plan(int warmUp, int length, int grace) {
      return new LagWindow.Plan(Duration.ofSeconds(warmUp), Duration.ofSeconds(length), Duration.ofSeconds(grace));
    }

    Sizes withLagJobs(CronbeatLag.Jobs jobs) {
      return new Sizes(burstJobs, burstLead, jobs, lag, cliJobs, idleJobs, idle, clusterNodes, clusterProcesses, clusterLag);
    }

    Sizes withLagSeconds(int seconds) {
      return new Sizes(burstJobs, burstLead, lagJobs, new LagWindow.Plan(lag.warmUp(), Duration.ofSeconds(seconds),
          lag.grace()), cliJobs, idleJobs, idle, clusterNodes, clusterProcesses, clusterLag);
    }
  }

  /**
   * The spawn limits' cap: half a drain's. A rate of process starts is steady within a second or
   * two, where a scheduler's drain also pays for its start.
   */
  Duration spawnCap() {
    return cap.dividedBy(2);
  }

  boolean runs(String phase) {
    return phases.contains(phase);
  }

  /** The store for measurements made on one store only: PostgreSQL when it is measured (a cluster's store). */
  StoreKind clusterStore() {
    return stores.contains(StoreKind.POSTGRESQL) ? StoreKind.POSTGRESQL : stores.get(0);
  }

  static Options parse(String[] args) {
    boolean quick = List.of(args).contains("--quick");
    List<StoreKind> stores = quick ? List.of(StoreKind.H2) : List.of(StoreKind.H2, StoreKind.POSTGRESQL);
    Set<String> phases = new LinkedHashSet<>(PHASES);
    int runs = quick ? 500 : 20_000;
    List<Integer> workers = quick ? List.of(10) : List.of(10, 50);
    Duration cap = Duration.ofSeconds(quick ? 3 : 8);
    Sizes sizes = quick ? Sizes.quick() : Sizes.full();
    int lagWorkers = DEFAULT_LAG_WORKERS;
    boolean lagQuartz = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> { }
        case "--store" -> stores = switch (value(args, ++i)) {
          case "h2" -> List.of(StoreKind.H2);
          case "postgresql" -> List.of(StoreKind.POSTGRESQL);
          case "both" -> List.of(StoreKind.H2, StoreKind.POSTGRESQL);
          default -> throw usage("--store is h2, postgresql or both");
        };
        case "--only" -> {
          phases = new LinkedHashSet<>(List.of(value(args, ++i).split(",")));
          if (!PHASES.containsAll(phases)) {
            throw usage("--only takes some of " + String.join(",", PHASES));
          }
        }
        case "--runs" -> runs = Integer.parseInt(value(args, ++i));
        case "--workers" -> workers = List.of(value(args, ++i).split(",")).stream().map(Integer::parseInt).toList();
        case "--cap" -> cap = Duration.ofSeconds(Long.parseLong(value(args, ++i).replaceAll("s$", "")));
        case "--lag-seconds" -> sizes = sizes.withLagSeconds(Integer.parseInt(value(args, ++i).replaceAll("s$", "")));
        case "--lag-workers" -> lagWorkers = Integer.parseInt(value(args, ++i));
        case "--lag-jobs" -> {
          List<Integer> counts = List.of(value(args, ++i).split(",")).stream().map(Integer::parseInt).toList();
          if (counts.size() != 2 || counts.get(0) < 0 || counts.get(1) < 0 || counts.get(0) + counts.get(1) == 0) {
            throw usage("--lag-jobs is NOOP,PROCESS: how many no-op and how many `true` jobs fire every second, e.g. 0,20");
          }
          sizes = sizes.withLagJobs(new CronbeatLag.Jobs(counts.get(0), counts.get(1)));
        }
        case "--lag-quartz" -> lagQuartz = switch (value(args, ++i)) {
          case "yes" -> true;
          case "no" -> false;
          default -> throw usage("--lag-quartz is yes or no");
        };
        default -> throw usage("unknown option " + args[i]);
      }
    }
    Path root = Path.of(System.getProperty("cronbeat.root", ".")).toAbsolutePath().normalize();
    if (lagWorkers < 1) {
      throw usage("--lag-workers needs at least 1");
    }
    // Quartz's lag runs the no-op jobs' count of triggers: none without them.
    lagQuartz = lagQuartz && sizes.lagJobs().noop() > 0;
    return new Options(quick, stores, phases, runs, workers, cap, sizes, lagWorkers, lagQuartz, root);
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw usage(args[i - 1] + " needs a value");
    }
    return args[i];
  }

  /** One line: what bin/bench takes. */
  static String usage() {
    return "usage: bin/bench [--quick] [--store h2|postgresql|both] [--only " + String.join(",", PHASES) + "] [--runs N]"
        + " [--workers 10,50] [--cap SECONDS] [--lag-seconds S] [--lag-workers N] [--lag-jobs NOOP,PROCESS]"
        + " [--lag-quartz yes|no]  (what each does: README, section Performance)";
  }

  private static IllegalArgumentException usage(String problem) {
    return new IllegalArgumentException(problem + "; " + usage());
  }
}
