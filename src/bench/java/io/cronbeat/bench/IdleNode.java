package io.cronbeat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real {@code bin/scheduler run} node with daily jobs none of which is due: its CPU time
 * (utime + stime from /proc/PID/stat) over a window after it settled, and its VmRSS at the end.
 */
final class IdleNode {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  private static final long TICKS_PER_SECOND = 100; // USER_HZ; 100 on every Linux this runs on

  private IdleNode() {}

  static IdleRow run(BenchDatabase db, Path root, int jobs, Duration settle, Duration window) throws Exception {
    Map<String, String> env = CronbeatEnv.operator(db);
    JobFiles.write(CronbeatEnv.schedules(db), "idle-", jobs, JobFiles.dailyFarFromNow());
    Operator.Running node = new Operator(root, env, db.dir()).startUntil(List.of(CliTimings.STARTED),
        START_TIMEOUT, "run");
    try {
      Thread.sleep(settle.toMillis());
      long pid = node.process.pid(); // bin/scheduler execs java: this is the JVM
      long before = cpuTicks(pid);
      long start = System.nanoTime();
      Thread.sleep(window.toMillis());
      long ticks = cpuTicks(pid) - before;
      double seconds = (System.nanoTime() - start) / 1e9;
      return new IdleRow(db.kind(), jobs, Math.round(seconds), 100.0 * ticks / TICKS_PER_SECOND / seconds, rssMib(pid));
    } finally {
      node.stop();
    }
  }

  /** utime + stime: fields 14 and 15, counted after the command name's closing parenthesis. */
  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  private static double rssMib(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    throw new IOException("no VmRSS for process " + pid);
  }
}
