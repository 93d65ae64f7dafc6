package io.cronbeat.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * The timing of one drain: wall time and this JVM's CPU time (every thread, the database's
 * included where it runs in this JVM) from {@link #start} to {@link #stop}. CPU per run is the
 * figure that holds on a busy machine, where rates swing with what else runs.
 */
final class DrainClock {

  private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final long startNanos;
  private final long startCpu;
  /** Per-thread CPU at the start, when {@code -Dbench.threads=true} asks for it (DrainProbe). */
  private final ThreadCpu threads = Boolean.getBoolean("bench.threads") ? ThreadCpu.now() : null;

  private DrainClock() {
    this.startNanos = System.nanoTime();
    this.startCpu = os.getProcessCpuTime();
  }

  static DrainClock start() {
    return new DrainClock();
  }

  long startNanos() {
    return startNanos;
  }

  /** The drain as it stands now. */
  Drain stop(int queued, int finished, long duplicated) {
    long wall = System.nanoTime() - startNanos;
    if (threads != null) {
      System.err.println("bench: thread CPU ms: " + ThreadCpu.now().since(threads));
    }
    return new Drain(queued, finished, Duration.ofNanos(wall), Duration.ofNanos(os.getProcessCpuTime() - startCpu),
        duplicated);
  }
}
