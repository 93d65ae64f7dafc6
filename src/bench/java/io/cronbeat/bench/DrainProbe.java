package io.cronbeat.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * Drains on one store, many times in one JVM, for comparing code changes by CPU per run rather
 * than by rate: {@code DrainProbe h2 10 20000 5 cronbeat,db-scheduler} runs one untimed warm-up
 * of each system, then five rounds of each, alternated, and prints one line per drain (rate, the
 * JVM's CPU per 1,000 runs, CPU as a share of a core, load average).
 */
public final class DrainProbe {

  private DrainProbe() {}

  public static void main(String[] args) throws Exception {
    StoreKind store = StoreKind.valueOf(args[0].toUpperCase(Locale.ROOT));
    int workers = Integer.parseInt(args[1]);
    int runs = Integer.parseInt(args[2]);
    int rounds = Integer.parseInt(args[3]);
    String[] systems = args[4].split(",");
    Duration cap = Duration.ofSeconds(30);
    Results results = new Results();
    for (String system : systems) {
      drain(results, store, system, DrainPhase.WARM_UP_RUNS, workers, cap);
    }
    for (int round = 0; round < rounds; round++) {
      for (String system : systems) {
        String load = Machine.load();
        Drain drain = drain(results, store, system, runs, workers, cap);
        if (drain != null) {
          System.out.printf(Locale.ROOT, "%s %s workers=%d runs=%d: %.0f/s, %.0f ms CPU per 1,000, CPU %.0f %%, dup %d, load %s%n",
              store.label(), system, workers, runs, drain.perSecond(), drain.cpuPerThousand(), drain.cpuPercent(),
              drain.duplicated(), load);
        }
      }
    }
    System.exit(results.ok() ? 0 : 1);
  }

  private static Drain drain(Results results, StoreKind store, String system, int runs, int workers, Duration cap) {
    return Measure.onFresh(results, system, store, db -> switch (system) {
      case "cronbeat" -> CronbeatDrain.run(db, runs, workers, cap, ExecutorMode.NOOP, CronbeatDrain.Cluster.ONE_IN_JVM);
      case "db-scheduler" -> DbSchedulerDrain.run(db, runs, workers, cap);
      case "db-scheduler-wd0" -> DbSchedulerDrain.run(db, runs, workers, cap, true);
      default -> throw new IllegalArgumentException("unknown system " + system);
    });
  }
}
