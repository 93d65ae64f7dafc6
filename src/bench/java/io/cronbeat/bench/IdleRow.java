package io.cronbeat.bench;

import java.util.List;
import java.util.Map;

/** A node with nothing due: its CPU over a window, as a share of one core, and its resident memory. */
record IdleRow(StoreKind store, int jobs, long seconds, double cpuPercent, double rssMib) implements Row {

  @Override
  public List<String> cells() {
    return List.of(store.label(), Integer.toString(jobs), Long.toString(seconds), Table.number(cpuPercent, false),
        Table.number(rssMib, false));
  }

  @Override
  public Map<String, Object> json() {
    return Json.object("store", store.label(), "jobs", jobs, "seconds", seconds, "cpu_percent", cpuPercent,
        "rss_mib", rssMib, "duplicated", 0);
  }

}
