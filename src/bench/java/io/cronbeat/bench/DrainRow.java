package io.cronbeat.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of the drain table: the same store, the same number of workers, every system with
 * the same kind of work (null: not measured, or the measurement failed).
 */
record DrainRow(StoreKind store, int workers, String executor, Drain cronbeat, Drain quartz, Drain dbScheduler,
    Drain spawnLimit) implements Row {

  @Override
  public List<String> cells() {
    return List.of(store.label(), Integer.toString(workers), executor, cell(cronbeat), cell(quartz), cell(dbScheduler),
        cell(spawnLimit), Long.toString(duplicated()));
  }

  private static String cell(Drain drain) {
    return drain == null ? "-" : Table.number(drain.perSecond(), drain.capped());
  }

  @Override
  public Map<String, Object> json() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("store", store.label());
    json.put("workers", workers);
    json.put("executor", executor);
    json.put("cronbeat_per_s", rate(cronbeat));
    json.put("quartz_per_s", rate(quartz));
    json.put("dbscheduler_per_s", rate(dbScheduler));
    json.put("spawn_limit_per_s", rate(spawnLimit));
    json.put("duplicated", duplicated());
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("cronbeat", cronbeat == null ? null : cronbeat.json());
    detail.put("quartz", quartz == null ? null : quartz.json());
    detail.put("dbscheduler", dbScheduler == null ? null : dbScheduler.json());
    detail.put("spawn_limit", spawnLimit == null ? null : spawnLimit.json());
    json.put("detail", detail);
    return json;
  }

  private static Double rate(Drain drain) {
    return drain == null ? null : drain.perSecond();
  }

  @Override
  public long duplicated() {
    long sum = 0;
    for (Drain drain : new Drain[] {cronbeat, quartz, dbScheduler, spawnLimit}) {
      sum += drain == null ? 0 : drain.duplicated();
    }
    return sum;
  }
}
