package io.cronbeat.bench;

import java.util.List;
import java.util.Map;

/** One bin/scheduler command with many jobs: seconds from process start, and how it exited. */
record CliRow(StoreKind store, String command, int jobs, double seconds, int exit) implements Row {

  @Override
  public List<String> cells() {
    return List.of(store.label(), command, Integer.toString(jobs), Table.number(seconds, false), Integer.toString(exit));
  }

  @Override
  public Map<String, Object> json() {
    return Json.object("store", store.label(), "command", command, "jobs", jobs, "seconds", seconds, "exit", exit,
        "duplicated", 0);
  }

}
