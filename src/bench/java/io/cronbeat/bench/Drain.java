package io.cronbeat.bench;

import java.time.Duration;
import java.util.Map;

/**
 * One drain measurement: how many of the queued runs finished, in how long, with how much of this
 * JVM's CPU time, and how many ran more than once. A drain stopped by its time cap still gives an
 * honest rate (finished / time).
 *
 * @param cpu this JVM's CPU time over {@code elapsed}: every system's own, and H2's in-process
 *     database; for nodes in other processes, the benchmark's watching only
 */
record Drain(int queued, int finished, Duration elapsed, Duration cpu, long duplicated) {

  double perSecond() {
    return finished / Math.max(elapsed.toNanos() / 1e9, 1e-9);
  }

  /** CPU milliseconds per 1,000 finished runs. */
  double cpuPerThousand() {
    return cpu.toNanos() / 1e6 * 1_000 / Math.max(finished, 1);
  }

  /** The JVM's CPU time as a share of one core over the drain, in percent (200 = both cores of this machine). */
  double cpuPercent() {
    return 100.0 * cpu.toNanos() / Math.max(elapsed.toNanos(), 1);
  }

  boolean capped() {
    return finished < queued;
  }

  Map<String, Object> json() {
    return Json.object("queued", queued, "finished", finished, "seconds", elapsed.toNanos() / 1e9, "capped", capped(),
        "cpu_ms_per_1000", Math.round(cpuPerThousand()), "cpu_percent", Math.round(cpuPercent()), "duplicated", duplicated);
  }

}
