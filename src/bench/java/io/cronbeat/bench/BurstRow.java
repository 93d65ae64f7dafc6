package io.cronbeat.bench;

import java.util.List;
import java.util.Map;

/**
 * Jobs due at one instant: seconds from it until every run was recorded and until every run
 * finished (null: not measured for this system, or never reached within the cap).
 */
record BurstRow(StoreKind store, String system, int jobs, Double recordedSeconds, Double finishedSeconds, int recorded,
    int finished, long missed, long duplicated, Double syncSeconds) implements Row {

  @Override
  public List<String> cells() {
    return List.of(store.label(), system, Integer.toString(jobs), cell(recordedSeconds, recorded),
        cell(finishedSeconds, finished), Long.toString(missed), Long.toString(duplicated), Table.number(syncSeconds, false));
  }

  /** The time when all got there; else how many did by the cap, starred. */
  private String cell(Double seconds, int count) {
    if (seconds != null) {
      return Table.number(seconds, false);
    }
    return count < 0 ? "-" : count + "/" + jobs + "*";
  }

  @Override
  public Map<String, Object> json() {
    return Json.object("store", store.label(), "system", system, "jobs", jobs, "recorded_s", recordedSeconds,
        "finished_s", finishedSeconds, "recorded", recorded < 0 ? null : recorded, "finished", finished, "missed", missed,
        "duplicated", duplicated, "sync_s", syncSeconds);
  }

}
