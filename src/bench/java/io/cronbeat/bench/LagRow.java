package io.cronbeat.bench;

import java.util.LinkedHashMap;
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
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("store", store.label());
    json.put("system", system);
    json.put("nodes", nodes);
    json.put("nodes_in", how);
    json.put("executor", executor);
    json.put("jobs", jobs);
    json.put("window_s", windowSeconds);
    json.put("p50_ms", lag.p50());
    json.put("p99_ms", lag.p99());
    json.put("max_ms", lag.max());
    json.put("started", lag.count());
    json.put("expected", expected);
    json.put("missed", missed);
    json.put("duplicated", duplicated);
    return json;
  }
}
