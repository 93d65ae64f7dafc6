package io.cronbeat.http;

import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * How many runs are queued, read at most once a second however many submits ask. A flood that
 * finds the queue full is refused from this count without a database round trip; a submit
 * that finds room is checked again, exactly, in the transaction that queues it. So the count
 * may say "full" for up to a second after the queue drained below the limit, never "room" when
 * there is none.
 */
final class QueueCount {

  static final Duration FRESH = Duration.ofSeconds(1);

  private final IntSupplier count;
  private long readAt;
  private boolean read;
  private int last;

  QueueCount(IntSupplier count) {
    this.count = count;
  }

  synchronized int now() {
    long now = System.nanoTime();
    if (!read || now - readAt >= FRESH.toNanos()) {
      last = count.getAsInt();
      readAt = now;
      read = true;
    }
    return last;
  }

  /** The queue just filled up: say so until the next read. */
  synchronized void full(int limit) {
    last = Math.max(last, limit);
  }
}
