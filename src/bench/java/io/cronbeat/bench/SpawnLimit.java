package io.cronbeat.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ceiling for any scheduler that runs jobs as processes: how many {@code true} processes
 * per second this JVM starts and reaps with {@code workers} threads (the launch mechanism Main
 * chooses, pipes as ProcessBuilder makes them). With {@link #SESSION}, each through
 * {@code setsid} as cronbeat starts every attempt (a session and process group of its own, so
 * that its whole tree can be stopped, also by another node after this one died): one exec more.
 */
final class SpawnLimit {

  static final List<String> PLAIN = List.of("true");
  static final List<String> SESSION = List.of("/usr/bin/setsid", "--", "true");

  private SpawnLimit() {}

  static Drain run(List<String> command, int runs, int workers, Duration cap) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    DrainClock clock = DrainClock.start();
    long deadline = clock.startNanos() + cap.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<?>> loops = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        loops.add(pool.submit(() -> {
          while (next.getAndIncrement() < runs && System.nanoTime() < deadline) {
            spawn(command);
            done.incrementAndGet();
          }
          return null;
        }));
      }
      for (Future<?> loop : loops) {
        loop.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return clock.stop(runs, done.get(), 0);
  }

  private static void spawn(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException(command + " exited " + process.exitValue());
    }
    process.getInputStream().close();
    process.getErrorStream().close();
    process.getOutputStream().close();
  }
}
