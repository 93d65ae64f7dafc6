package io.cronbeat.dispatch;

import io.cronbeat.store.StoreException;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * Writes that must not be lost (the outcome of a process that has already run): retried with
 * backoff while the database is away, and said so in the log.
 */
final class Persist {

  private static final Duration FIRST_WAIT = Duration.ofSeconds(1);
  private static final Duration LONGEST_WAIT = Duration.ofSeconds(30);

  private Persist() {}

  static void untilStored(Logger log, String what, Runnable write) {
    Duration wait = FIRST_WAIT;
    while (true) {
      try {
        write.run();
        return;
      } catch (StoreException e) {
        log.warn("{}: {}; retrying in {}s", what, e.getMessage(), wait.toSeconds());
        try {
          Thread.sleep(wait.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          log.error("{}: gave up, the node is stopping; the run's lease will expire and another node will retry it", what);
          return;
        }
        wait = wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
      }
    }
  }
}
