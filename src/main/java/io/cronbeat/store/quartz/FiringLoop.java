package io.cronbeat.store.quartz;

import io.cronbeat.store.FiringHandler;
import io.cronbeat.store.NewRun;
import io.cronbeat.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's firing thread: a pass when the next trigger is about to come due (at least every
 * {@link #IDLE}, to see triggers that other nodes' syncs added), and a wake-up of the dispatcher
 * when runs recorded ahead of their time come due.
 */
final class FiringLoop implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FiringLoop.class);
  static final Duration IDLE = Duration.ofSeconds(1);
  /** Triggers per pass: bounds one transaction; a pass that hits it is followed at once by another. */
  static final int LIMIT = 10_000;
  /** Distinct due times woken for per pass; later ones are found by the dispatcher's own poll. */
  private static final int WAKES = 32;
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final TriggerSweep sweep;
  private final FiringHandler handler;
  private final Thread thread;
  private final ScheduledExecutorService waker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread wake = new Thread(r, "cronbeat-firing-wake");
    wake.setDaemon(true);
    return wake;
  });
  private final Object signal = new Object();
  private volatile boolean stopped;
  private volatile boolean failing;

  FiringLoop(TriggerSweep sweep, FiringHandler handler) {
    this.sweep = sweep;
    this.handler = handler;
    this.thread = new Thread(this::run, "cronbeat-firing");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    while (!stopped) {
      Duration sleep;
      try {
        TriggerSweep.Result result = sweep.pass(FiringHandler.AHEAD, LIMIT, handler);
        if (failing) {
          failing = false;
          log.info("firing resumed");
        }
        if (!result.runs().isEmpty()) {
          handler.recorded(result.slot(), result.runs(), Duration.between(result.slot().now(), result.ended()));
          wakeWhenDue(result);
        }
        sleep = result.more() ? Duration.ZERO : untilNext(result);
      } catch (StoreException e) {
        if (!failing) {
          log.warn("firing pass failed: {}; trying again every {}s", e.getMessage(), RETRY.toSeconds());
        }
        failing = true;
        sleep = RETRY;
      } catch (RuntimeException e) {
        log.error("firing pass error: {}", e.toString(), e);
        sleep = RETRY;
      }
      pause(sleep);
    }
  }

  /** True while the last firing pass failed for want of the database, or when the thread ended before a stop. */
  boolean failing() {
    return failing || (!stopped && thread.getState() == Thread.State.TERMINATED);
  }

  /** Until the next trigger is within the look-ahead, at most IDLE. */
  private static Duration untilNext(TriggerSweep.Result result) {
    Instant wake = result.ended().plus(IDLE);
    if (result.next().isPresent() && result.next().get().minus(FiringHandler.AHEAD).isBefore(wake)) {
      wake = result.next().get().minus(FiringHandler.AHEAD);
    }
    return Duration.between(result.ended(), wake);
  }

  private void wakeWhenDue(TriggerSweep.Result result) {
    TreeSet<Instant> dueTimes = new TreeSet<>();
    for (NewRun run : result.runs()) {
      dueTimes.add(run.dueAt());
    }
    Instant now = result.ended();
    // At once too: the dispatcher claims runs due within its look-ahead now, to start them at their instant.
    handler.due();
    dueTimes.tailSet(now, false).stream().limit(WAKES).forEach(at ->
        waker.schedule(handler::due, Duration.between(now, at).toMillis(), TimeUnit.MILLISECONDS));
  }

  private void pause(Duration sleep) {
    if (sleep.isZero() || sleep.isNegative()) {
      return;
    }
    synchronized (signal) {
      if (!stopped) {
        try {
          signal.wait(Math.max(1, sleep.toMillis()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          stopped = true;
        }
      }
    }
  }

  /** Stops after the pass under way, if any (a pass is one transaction: it is never cut short). */
  @Override
  public void close() {
    synchronized (signal) {
      stopped = true;
      signal.notifyAll();
    }
    if (thread.isAlive() && thread != Thread.currentThread()) {
      try {
        thread.join(Duration.ofSeconds(30).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    waker.shutdownNow();
  }
}
