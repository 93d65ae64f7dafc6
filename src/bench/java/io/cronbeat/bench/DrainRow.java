package io.cronbeat.bench;

import java.util.List;
import java.util.Map;

/**
 * One line of the drain table: the same store, the same number of workers, every system with
 * the same kind of work (null: not measured, or the measurement failed).
 *
 * @param dbSchedulerDurable db-scheduler on H2 with every commit written to the file before it
 *     returns ({@code WRITE_DELAY=0}, cronbeat's durability); null elsewhere
 */
record DrainRow(StoreKind store, int workers, String executor, Drain cronbeat, Drain quartz, Drain dbScheduler,
    Drain dbSchedulerDurable, Drain spawnLimit, Drain spawnWithSession) implements Row {

  @Override
  public List<String> cells() {
    return List.of(store.label(), Integer.toString(workers), executor, cell(cronbeat), cell(quartz), cell(dbScheduler),
        cell(dbSchedulerDurable), cell(spawnLimit), cell(spawnWithSession), cpu(cronbeat), cpu(dbScheduler),
        cpu(dbSchedulerDurable), Long.toString(duplicated()));
  }

  private static String cell(Drain drain) {
    return drain == null ? "-" : Table.number(drain.perSecond(), drain.capped());
  }

  private static String cpu(Drain drain) {
    return drain == null ? "-" : Table.number(drain.cpuPerThousand(), false);
  }

  @Override
  public Map<String, Object> json() {
    return Json.object("store", store.label(), "workers", workers, "executor", executor,
        "cronbeat_per_s", rate(cronbeat), "quartz_per_s", rate(quartz), "dbscheduler_per_s", rate(dbScheduler),
        "dbscheduler_write_delay_0_per_s", rate(dbSchedulerDurable), "spawn_limit_per_s", rate(spawnLimit), "spawn_setsid_per_s", rate(spawnWithSession), "duplicated", duplicated(), "detail", Json.object(
            "cronbeat", detail(cronbeat), "quartz", detail(quartz), "dbscheduler", detail(dbScheduler),
            "dbscheduler_write_delay_0", detail(dbSchedulerDurable), "spawn_limit", detail(spawnLimit), "spawn_setsid", detail(spawnWithSession)));
  }

  private static Map<String, Object> detail(Drain drain) {
    return drain == null ? null : drain.json();
  }

  private static Double rate(Drain drain) {
    return drain == null ? null : drain.perSecond();
  }

  @Override
  public long duplicated() {
    long sum = 0;
    for (Drain drain : new Drain[] {cronbeat, quartz, dbScheduler, dbSchedulerDurable, spawnLimit, spawnWithSession}) {
      sum += drain == null ? 0 : drain.duplicated();
    }
    return sum;
  }
}
