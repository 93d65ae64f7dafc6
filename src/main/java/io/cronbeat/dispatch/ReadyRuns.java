package io.cronbeat.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * Claimed attempts waiting for their due time and a free executor thread. One thread starts them
 * in due order, each at its instant: a run claimed ahead starts when it is due, not when a
 * claim pass gets to it, so hundreds due at one second all start within that second's first
 * milliseconds.
 */
final class ReadyRuns {

  /** An attempt and when it may start. */
  record Ready(AttemptExecution execution, Instant at) {}

  /** Longest sleep between looks at the clock: an injected clock may be moved by a test meanwhile. */
  private static final Duration LOOK_EVERY = Duration.ofMillis(50);

  private final PriorityQueue<Ready> queue = new PriorityQueue<>(
      Comparator.comparing(Ready::at).thenComparingLong(r -> r.execution().lease().runId()));
  private final Clock clock;
  private final int threads;
  private final IntSupplier executing;
  private final Consumer<AttemptExecution> start;
  private final Thread thread;
  private boolean closed;

  /**
   * @param executing attempts whose work is under way; one is started only while fewer than
   *     {@code threads}
   * @param start counts an attempt as executing and hands it to the executor pool; called on
   *     this queue's thread, with its lock not held
   */
  ReadyRuns(Clock clock, int threads, IntSupplier executing, Consumer<AttemptExecution> start) {
    this.clock = clock;
    this.threads = threads;
    this.executing = executing;
    this.start = start;
    this.thread = new Thread(this::loop, "cronbeat-starter");
    thread.setDaemon(true);
    thread.start();
  }

  synchronized void add(List<Ready> ready) {
    queue.addAll(ready);
    notifyAll();
  }

  /** An executor thread became free. */
  synchronized void freed() {
    notifyAll();
  }

  synchronized int size() {
    return queue.size();
  }

  /** Attempts waiting whose time has come by {@code now}: runs claimed ahead wait for theirs and are not counted. */
  synchronized int due(Instant now) {
    int due = 0;
    for (Ready ready : queue) {
      due += ready.at().isAfter(now) ? 0 : 1;
    }
    return due;
  }

  /** When the last of the waiting attempts may start; empty when none waits. */
  synchronized Optional<Instant> latest() {
    return queue.stream().map(Ready::at).max(Comparator.naturalOrder());
  }

  /** Whether at least {@code count} attempts wait whose time has come (runs claimed ahead wait for theirs). */
  synchronized boolean dueAtLeast(int count, Instant now) {
    if (queue.size() < count) {
      return false;
    }
    int due = 0;
    for (Ready ready : queue) {
      if (!ready.at().isAfter(now) && ++due >= count) {
        return true;
      }
    }
    return false;
  }

  /**
   * Takes out the attempts that have waited for a thread since before {@code cutoff}: the node's
   * threads are busy, so their runs had better go back to the queue for another node.
   */
  synchronized List<AttemptExecution> waitingSince(Instant cutoff) {
    List<AttemptExecution> stale = new ArrayList<>();
    while (!queue.isEmpty() && queue.peek().at().isBefore(cutoff)) {
      stale.add(queue.poll().execution());
    }
    return stale;
  }

  /** Stops starting attempts and takes out all that were waiting. */
  synchronized List<AttemptExecution> stop() {
    closed = true;
    notifyAll();
    List<AttemptExecution> waiting = new ArrayList<>();
    while (!queue.isEmpty()) {
      waiting.add(queue.poll().execution());
    }
    return waiting;
  }

  private void loop() {
    while (true) {
      AttemptExecution next;
      try {
        next = take();
      } catch (InterruptedException e) {
        return;
      }
      if (next == null) {
        return;
      }
      start.accept(next);
    }
  }

  /** The next attempt to start, once it is due and a thread is free; null once closed. */
  private synchronized AttemptExecution take() throws InterruptedException {
    while (!closed) {
      Ready head = queue.peek();
      if (head == null) {
        wait(); // add() and stop() notify: an idle node does not wake for nothing
        continue;
      }
      if (executing.getAsInt() >= threads) {
        wait(LOOK_EVERY.toMillis()); // freed() notifies; the timeout is a safety net
        continue;
      }
      Duration early = Duration.between(clock.instant(), head.at());
      if (!early.isNegative() && !early.isZero()) {
        // Rounded up: never a millisecond before its time.
        wait(Math.min(early.plusNanos(999_999).toMillis(), LOOK_EVERY.toMillis()));
        continue;
      }
      queue.poll();
      return head.execution();
    }
    return null;
  }
}
