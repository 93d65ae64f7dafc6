package io.cronbeat.bench;

import java.time.Duration;
import java.util.Map;

/**
 * One drain measurement: how many of the queued runs finished, in how long, and how many ran
 * more than once. A drain stopped by its time cap still gives an honest rate (finished / time).
 */
record Drain(int queued, int finished, Duration elapsed, long duplicated) {

  double perSecond() {
    return finished / Math.max(elapsed.toNanos() / 1e9, 1e-9);
  }

  boolean capped() {
    return finished < queued;
  }

  Map<String, Object> json() {
    return Json.object("queued", queued, "finished", finished, "seconds", elapsed.toNanos() / 1e9, "capped", capped(),
        "duplicated", duplicated);
  }

}
