package io.cronbeat.dispatch;

import io.cronbeat.store.AttemptEnd;
import io.cronbeat.store.Lease;
import io.cronbeat.store.RunLeases;
import io.cronbeat.store.StoreException;
import io.cronbeat.store.Transition;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the process starts and outcomes of this node's attempts, all that are waiting, in one
 * transaction (group commit): a node finishing hundreds of short attempts a second commits a
 * few times a second instead of once per write. Callers still wait for their own write and get
 * its own answer: each outcome stays fenced by its lease, recorded or refused on its own.
 */
final class AttemptWriter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AttemptWriter.class);
  /** Writes per transaction at most: keeps one transaction short next to the others on the database. */
  private static final int MAX_BATCH = 500;

  /** One write and whoever waits for it; {@code end} or {@code start} is null. */
  private record Pending(RunLeases.ProcessStart start, RunLeases.Completion end, CompletableFuture<Boolean> done) {}

  private static final Pending STOP = new Pending(null, null, null);

  private final RunLeases leases;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private boolean closed;

  AttemptWriter(RunLeases leases) {
    this.leases = leases;
    this.thread = new Thread(this::loop, "cronbeat-attempt-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * {@link RunLeases#processStarted}, batched with the other writes waiting. Returns without
   * waiting for it, so the process's output is copied meanwhile: it is written before, or with,
   * the attempt's outcome, which comes later in the same queue. A failure is logged here.
   */
  void processStarted(Lease lease, long processGroup, Instant startedAt) {
    RunLeases.ProcessStart start = new RunLeases.ProcessStart(lease, processGroup, startedAt);
    if (!enqueue(new Pending(start, null, new CompletableFuture<>()))) {
      leases.record(List.of(start), List.of());
    }
  }

  /** {@link RunLeases#complete}, batched with the other writes waiting. */
  boolean complete(Lease lease, AttemptEnd end, Transition next) {
    return write(new Pending(null, new RunLeases.Completion(lease, end, next), new CompletableFuture<>()));
  }

  private synchronized boolean enqueue(Pending pending) {
    if (!closed) {
      queue.add(pending);
    }
    return !closed;
  }

  private boolean write(Pending pending) {
    if (!enqueue(pending)) {
      // An attempt that outlived the node's drain: written on its own thread, as before batching.
      return leases.record(List.of(), List.of(pending.end())).get(0);
    }
    try {
      return pending.done().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause; // a StoreException goes to the caller's retry, as an unbatched write's would
      }
      throw e;
    }
  }

  private void loop() {
    while (true) {
      List<Pending> batch = new ArrayList<>();
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        return; // nobody interrupts it: close() queues STOP
      }
      queue.drainTo(batch, MAX_BATCH - 1);
      boolean stop = batch.remove(STOP);
      if (!batch.isEmpty()) {
        writeAll(batch);
      }
      if (stop) {
        return;
      }
    }
  }

  private void writeAll(List<Pending> batch) {
    try {
      tryAll(batch);
    } catch (StoreException e) {
      if (batch.size() > 1 && aboutTheData(e)) {
        // One write the database refuses (a value too long, say) must not hold back the others: each on its own.
        batch.forEach(pending -> writeAll(List.of(pending)));
      } else {
        failed(batch, e);
      }
    } catch (RuntimeException e) {
      log.error("recording {} attempt write(s) failed: {}", batch.size(), e.toString(), e);
      failed(batch, e);
    }
  }

  /** Outcomes go back to their attempts, which retry them; a process start nobody waits for is only logged. */
  private static void failed(List<Pending> batch, RuntimeException e) {
    for (Pending pending : batch) {
      if (pending.start() != null) {
        // Not retried: without it only this node can stop the group.
        log.warn("{} could not record its process group {}: {}", pending.start().lease(), pending.start().processGroup(),
            e.getMessage());
      }
      pending.done().completeExceptionally(e);
    }
  }

  /** A data or constraint error (SQLSTATE class 22 or 23), not the database being away. */
  private static boolean aboutTheData(StoreException e) {
    return e.getCause() instanceof SQLException sql && sql.getSQLState() != null
        && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"));
  }

  private void tryAll(List<Pending> batch) {
    List<RunLeases.ProcessStart> starts = new ArrayList<>();
    List<Pending> ending = new ArrayList<>();
    for (Pending pending : batch) {
      if (pending.start() != null) {
        starts.add(pending.start());
      } else {
        ending.add(pending);
      }
    }
    List<Boolean> recorded = leases.record(starts, ending.stream().map(Pending::end).toList());
    for (Pending pending : batch) {
      if (pending.start() != null) {
        pending.done().complete(true);
      }
    }
    for (int i = 0; i < ending.size(); i++) {
      ending.get(i).done().complete(recorded.get(i));
    }
  }

  /** Writes what is waiting, then stops; later writes are made by their callers' threads. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(STOP);
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
