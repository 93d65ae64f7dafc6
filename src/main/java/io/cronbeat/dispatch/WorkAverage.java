package io.cronbeat.dispatch;

import java.time.Duration;

/**
 * How long this node's attempts work, on average over its last {@link #WINDOW} attempts; before
 * any, or after {@link #forget}, the given fallback (node.poll: claim as for long work). A window
 * of many attempts and not a short moving average: a node that runs short and long jobs in the
 * same seconds sizes its claims by the mix, not by whichever kind ended last (the process runs of
 * a second end after its no-op runs, and an average of the last few then claimed ahead for
 * processes only, leaving most of the next second's runs to be claimed after their time).
 */
final class WorkAverage {

  static final int WINDOW = 512;

  private final long[] nanos = new long[WINDOW];
  private final long fallback;
  private int next;
  private int size;
  private long sum;

  WorkAverage(Duration fallback) {
    this.fallback = fallback.toNanos();
  }

  synchronized void add(Duration work) {
    long value = work.toNanos();
    if (size == WINDOW) {
      sum -= nanos[next];
    } else {
      size++;
    }
    nanos[next] = value;
    sum += value;
    next = (next + 1) % WINDOW;
  }

  synchronized long nanos() {
    return size == 0 ? fallback : sum / size;
  }

  /** The work got longer than the average said: start again from the fallback. */
  synchronized void forget() {
    size = 0;
    sum = 0;
    next = 0;
  }
}
