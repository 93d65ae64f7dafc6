package io.cronbeat.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Small questions to the store whose answer is wanted within a bound, for health checks and
 * scrape-time gauges: a pool waiting for a database that went away blocks for its whole
 * connection timeout, and a health check must say so sooner. The questions run on one thread of
 * their own with a short queue, so a store that does not answer cannot pile up threads.
 */
public final class StoreProbe implements AutoCloseable {

  private final Jdbc jdbc;
  private final Duration timeout;
  private final ThreadPoolExecutor thread;

  public StoreProbe(Jdbc jdbc, Duration timeout) {
    this.jdbc = jdbc;
    this.timeout = timeout;
    this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(4), r -> {
      Thread probe = new Thread(r, "cronbeat-store-probe");
      probe.setDaemon(true);
      return probe;
    });
  }

  /** Empty when the store answered {@code SELECT 1} in time; else why not, in a few words. */
  public Optional<String> problem() {
    try {
      ask(() -> jdbc.query("SELECT 1", row -> row.getInt(1)));
      return Optional.empty();
    } catch (StoreException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** The queue's depth at {@code now}, as {@code scheduler status} counts it. */
  public RunQueue.Counts counts(Instant now) {
    return ask(() -> new RunQueue(jdbc).counts(now));
  }

  /** Nodes not stopped whose last heartbeat is {@code since} or later. */
  public int nodesAlive(Instant since) {
    return ask(() -> jdbc.one("SELECT COUNT(*) FROM cb_nodes WHERE stopped_at IS NULL AND heartbeat_at >= ?", row -> row.getInt(1),
        since.toEpochMilli()).orElse(0));
  }

  private <T> T ask(Callable<T> question) {
    try {
      return thread.submit(question).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | RejectedExecutionException e) {
      throw new StoreException("the database did not answer within " + timeout.toMillis() + " ms", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof StoreException store) {
        throw store;
      }
      throw new StoreException("the database check failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for the database", e);
    }
  }

  @Override
  public void close() {
    thread.shutdown(); // never interrupted: H2 closes its database when a thread is interrupted mid-I/O
  }
}
