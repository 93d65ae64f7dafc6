package io.cronbeat.dispatch;

import io.cronbeat.store.StoreException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Writes that must not be lost (the outcome of a process that has already run): retried with
 * backoff while the database is away, and said so in the log.
 */
final class Persist {

  private static final Duration FIRST_WAIT = Duration.ofSeconds(1);
  private static final Duration LONGEST_WAIT = Duration.ofSeconds(5);

  private Persist() {}

  /**
   * @param stopping once true, a failed write is not tried again: a stopping node must exit in
   *     bounded time, and the run's lease expiring hands it to another node
   * @return what the write returned, or null when it was given up
   */
  static <T> T untilStored(Logger log, String what, Supplier<T> write, BooleanSupplier stopping) {
    Duration wait = FIRST_WAIT;
    while (true) {
      try {
        return write.get();
      } catch (StoreException e) {
        if (stopping.getAsBoolean()) {
          log.error("{}: {}; gave up, the node is stopping: the run's lease will run out and another node will retry it",
              what, e.getMessage());
          return null;
        }
        log.warn("{}: {}; retrying in {}s", what, e.getMessage(), wait.toSeconds());
        try {
          Thread.sleep(wait.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return null;
        }
        wait = wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
      }
    }
  }
}
