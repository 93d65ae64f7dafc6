package io.cronbeat.dispatch;

import io.cronbeat.run.JobSpec;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The wait before the next attempt: exponential from {@code backoff}, capped at
 * {@code max-backoff}, then a random half of it taken off so that failing jobs do not retry
 * in step ("equal jitter").
 */
final class Backoff {

  private Backoff() {}

  /**
   * @param failedAttempts how many attempts have failed so far (1 after the first)
   * @param random a number in [0, 1)
   */
  static Duration after(JobSpec spec, int failedAttempts, DoubleSupplier random) {
    long base = spec.backoff().toMillis();
    long max = spec.maxBackoff().toMillis();
    long exponential = base;
    for (int i = 1; i < failedAttempts && exponential < max; i++) {
      exponential *= 2;
    }
    long capped = Math.min(exponential, max);
    return Duration.ofMillis(capped / 2 + (long) (random.getAsDouble() * (capped - capped / 2)));
  }
}
