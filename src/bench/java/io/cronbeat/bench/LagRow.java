package io.cronbeat.bench;

import java.util.List;
import java.util.Map;

/**
 * One lag measurement: how late each firing in the window started, how many never ran, how
 * many ran twice.
 *
 * @param expected firings the schedules made in the window (jobs x seconds)
 * @param missed expected firings that did not run (absent, MISSED, CATCH_UP, SKIPPED, or not started within the grace)
 */
record LagRow(StoreKind store, String system, int nodes, String how, String executor, int jobs, long windowSeconds,
    Stats lag, long expected, long missed, long duplicated) implements Row {

  @Override
  public List<String> cells() {
    return List.of(store.label(), system, nodes + " " + how, executor, Integer.toString(jobs), Long.toString(windowSeconds),
        Long.toString(lag.p50()), Long.toString(lag.p99()), Long.toString(lag.max()), Long.toString(missed),
        Long.toString(duplicated));
  }

  @Override
  public Map<String, Object> json() {
    return Json.object("store", store.label(), "system", system, "nodes", nodes, "nodes_in", how, "executor", executor,
        "jobs", jobs, "window_s", windowSeconds, "p50_ms", lag.p50(), "p99_ms", lag.p99(), "max_ms", lag.max(),
        "started", lag.count(), "expected", expected, "missed", missed, "duplicated", duplicated);
  }

}
