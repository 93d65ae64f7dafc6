package io.cronbeat.bench;

import java.util.List;
import java.util.Map;

/** One result line: its cells in the printed table, its object in results.json. */
interface Row {

  List<String> cells();

  Map<String, Object> json();

  /**
   * Runs executed more than once (or firings run twice); anything above 0 fails the benchmark.
   * Zero for rows that time commands and run no jobs.
   */
  default long duplicated() {
    return 0;
  }
}
