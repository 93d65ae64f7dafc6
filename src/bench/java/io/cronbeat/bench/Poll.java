package io.cronbeat.bench;

import java.time.Duration;
import java.util.function.IntSupplier;

/** Waits for a count to reach a target, or for a deadline; returns the last count seen. */
final class Poll {

  private Poll() {}

  static int until(IntSupplier count, int target, long deadlineNanos, Duration every) throws InterruptedException {
    while (true) {
      int seen = count.getAsInt();
      if (seen >= target || System.nanoTime() >= deadlineNanos) {
        return seen;
      }
      Thread.sleep(every.toMillis());
    }
  }
}
