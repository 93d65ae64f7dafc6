package io.cronbeat.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The stretch of time a lag measurement counts: whole seconds, starting after a warm-up from
 * the moment the scheduler started, plus a grace after it for firings still running late.
 */
record LagWindow(Instant from, Instant to, Duration grace) {

  /** How long to warm up, to count, and to wait for late firings after the window. */
  record Plan(Duration warmUp, Duration length, Duration grace) {

    /** The window that starts a warm-up from now, on a whole second. */
    LagWindow start() {
      Instant from = Instant.now().plus(warmUp).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
      return new LagWindow(from, from.plus(length), grace);
    }
  }

  long seconds() {
    return Duration.between(from, to).toSeconds();
  }

  boolean contains(long epochMillis) {
    return epochMillis >= from.toEpochMilli() && epochMillis < to.toEpochMilli();
  }

  /** Sleeps until the window is over; late firings are then waited for by the caller, up to the grace. */
  void awaitEnd() throws InterruptedException {
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), to).toMillis()));
  }

  long graceDeadlineNanos() {
    return System.nanoTime() + grace.toNanos();
  }
}
