package io.cronbeat.bench;

import io.cronbeat.exec.NoopExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code bin/bench}: the first slice of issue 8's benchmark. Drains N runs due now with plain
 * Quartz, db-scheduler and cronbeat on the same kind of database, in the same run so the ratios
 * hold on a noisy machine, next to the rate at which this JVM can spawn {@code true} at all.
 *
 * <p>Every measurement gets a fresh database and a time cap; a capped drain reports the rate of
 * the runs it finished, marked as capped.
 */
public final class Bench {

  private Bench() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    String machine = Machine.describe();
    List<DrainRow> rows = new ArrayList<>();
    for (StoreKind store : options.stores()) {
      for (int workers : options.workers()) {
        rows.add(noop(store, workers, options));
        rows.add(process(store, workers, options));
      }
    }
    Report.print(System.out, rows, machine);
    Path json = Path.of("target", "bench", "results.json");
    Report.writeJson(json, rows, machine, options.runs());
    System.out.println("wrote " + json);
    // A smoke test (CI) fails on a duplicated run or a measurement that did not complete.
    System.exit(rows.stream().anyMatch(r -> duplicated(r) || incomplete(r)) ? 1 : 0);
  }

  private static DrainRow noop(StoreKind store, int workers, Options options) {
    Drain quartz = measure(store, workers, "quartz no-op",
        () -> onFresh(store, db -> QuartzDrain.run(db, options.runs(), workers, options.cap())));
    Drain dbScheduler = measure(store, workers, "db-scheduler no-op",
        () -> onFresh(store, db -> DbSchedulerDrain.run(db, options.runs(), workers, options.cap())));
    Drain cronbeat = measure(store, workers, "cronbeat no-op",
        () -> onFresh(store, db -> CronbeatDrain.run(db, options.runs(), workers, options.cap(), Optional.of(new NoopExecutor()))));
    return new DrainRow(store, workers, "noop", cronbeat, quartz, dbScheduler, null);
  }

  private static DrainRow process(StoreKind store, int workers, Options options) {
    Drain spawn = measure(store, workers, "spawn limit", () -> SpawnLimit.run(options.runs(), workers, options.cap()));
    Drain cronbeat = measure(store, workers, "cronbeat process",
        () -> onFresh(store, db -> CronbeatDrain.run(db, options.runs(), workers, options.cap(), Optional.empty())));
    return new DrainRow(store, workers, "process", cronbeat, null, null, spawn);
  }

  interface Measurement {
    Drain run() throws Exception;
  }

  interface OnDatabase {
    Drain run(BenchDatabase db) throws Exception;
  }

  private static Drain onFresh(StoreKind store, OnDatabase measurement) throws Exception {
    try (BenchDatabase db = BenchDatabase.create(store)) {
      return measurement.run(db);
    }
  }

  /** One failed measurement is a gap in the table (null in the JSON), not the end of the run. */
  private static Drain measure(StoreKind store, int workers, String what, Measurement measurement) {
    try {
      Drain drain = measurement.run();
      progress(store, workers, what, drain);
      return drain;
    } catch (Exception e) {
      System.err.printf("bench: %s workers=%d %s FAILED: %s%n", store.label(), workers, what, e);
      return null;
    }
  }

  private static void progress(StoreKind store, int workers, String what, Drain drain) {
    System.err.printf("bench: %s workers=%d %s: %d/%d in %.1fs = %.0f/s%s duplicated=%d%n", store.label(), workers, what,
        drain.finished(), drain.queued(), drain.elapsed().toNanos() / 1e9, drain.perSecond(),
        drain.capped() ? " (capped)" : "", drain.duplicated());
  }

  private static boolean incomplete(DrainRow row) {
    return row.cronbeat() == null || ("noop".equals(row.executor()) ? row.quartz() == null || row.dbScheduler() == null
        : row.spawnLimit() == null);
  }

  private static boolean duplicated(DrainRow row) {
    return (row.cronbeat() != null && row.cronbeat().duplicated() > 0) || (row.quartz() != null && row.quartz().duplicated() > 0)
        || (row.dbScheduler() != null && row.dbScheduler().duplicated() > 0);
  }

  /** The command line: {@code [--quick] [--store h2|postgresql|both] [--runs N] [--workers 10,50] [--cap 30s]}. */
  record Options(boolean quick, List<StoreKind> stores, int runs, List<Integer> workers, Duration cap) {

    static Options parse(String[] args) {
      boolean quick = List.of(args).contains("--quick");
      List<StoreKind> stores = quick ? List.of(StoreKind.H2) : List.of(StoreKind.H2, StoreKind.POSTGRESQL);
      int runs = quick ? 2_000 : 20_000;
      List<Integer> workers = quick ? List.of(10) : List.of(10, 50);
      Duration cap = null;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--quick" -> { }
          case "--store" -> stores = switch (value(args, ++i)) {
            case "h2" -> List.of(StoreKind.H2);
            case "postgresql" -> List.of(StoreKind.POSTGRESQL);
            case "both" -> List.of(StoreKind.H2, StoreKind.POSTGRESQL);
            default -> throw usage("--store is h2, postgresql or both");
          };
          case "--runs" -> runs = Integer.parseInt(value(args, ++i));
          case "--workers" -> workers = List.of(value(args, ++i).split(",")).stream().map(Integer::parseInt).toList();
          case "--cap" -> cap = Duration.ofSeconds(Long.parseLong(value(args, ++i).replaceAll("s$", "")));
          default -> throw usage("unknown option " + args[i]);
        }
      }
      if (cap == null) {
        // --quick stays under a minute in all; the full run well under 15 minutes.
        cap = quick ? Duration.ofSeconds(stores.size() == 1 ? 8 : 4) : Duration.ofSeconds(20);
      }
      return new Options(quick, stores, runs, workers, cap);
    }

    private static String value(String[] args, int i) {
      if (i >= args.length) {
        throw usage(args[i - 1] + " needs a value");
      }
      return args[i];
    }

    private static IllegalArgumentException usage(String problem) {
      return new IllegalArgumentException(problem
          + "; usage: bin/bench [--quick] [--store h2|postgresql|both] [--runs N] [--workers 10,50] [--cap SECONDS]");
    }
  }
}
