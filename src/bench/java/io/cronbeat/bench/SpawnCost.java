package io.cronbeat.bench;

import io.cronbeat.exec.ProcessRunner;
import io.cronbeat.exec.ProcessSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What cronbeat's process executor costs beyond the process itself, with no store in the way:
 * {@code true} started N times on W threads by the executor (log file, process group, watch),
 * next to plain {@code ProcessBuilder("true")} (the spawn limit) and to {@code setsid -- true} (the
 * spawn limit with the launcher every attempt goes through). Alternates the two, so a
 * neighbour's load hits both alike.
 *
 * <pre>java -cp ... io.cronbeat.bench.SpawnCost [runs] [workers] [rounds] [command...]</pre>
 */
public final class SpawnCost {

  private SpawnCost() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int workers = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    List<String> command = args.length > 3 ? List.of(args).subList(3, args.length) : List.of("true");
    Path logs = Files.createTempDirectory("spawn-cost");
    ProcessRunner runner = new ProcessRunner(1024 * 1024, 20, Duration.ofSeconds(2));
    System.out.printf("launchMechanism=%s java=%s runs=%d workers=%d command=%s%n",
        System.getProperty("jdk.lang.Process.launchMechanism", "(default)"), Runtime.version(), runs, workers, command);
    rate("warm-up spawn", runs / 4, workers, i -> spawn("true"));
    rate("warm-up cronbeat", runs / 4, workers, i -> cronbeat(runner, command, logs, i));
    for (int round = 0; round < rounds; round++) {
      double limit = rate("spawn limit", runs, workers, i -> spawn("true"));
      rate("setsid -- true", runs, workers, i -> spawn("/usr/bin/setsid", "--", "true"));
      double ours = rate("cronbeat executor", runs, workers, i -> cronbeat(runner, command, logs, i));
      System.out.printf("round %d: executor / spawn limit = %.0f %%%n", round + 1, 100 * ours / limit);
    }
  }

  private interface Task {
    void run(int index) throws Exception;
  }

  private static double rate(String what, int runs, int workers, Task task) throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    long start = System.nanoTime();
    try {
      List<Future<?>> loops = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        loops.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < runs; i = next.getAndIncrement()) {
            task.run(i);
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
    double perSecond = runs / (Math.max(1, System.nanoTime() - start) / 1e9);
    System.out.printf("%-18s %7.0f /s%n", what, perSecond);
    return perSecond;
  }

  private static void spawn(String... command) throws Exception {
    Process process = new ProcessBuilder(command).start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException("true exited " + process.exitValue());
    }
    process.getInputStream().close();
    process.getErrorStream().close();
    process.getOutputStream().close();
  }

  private static void cronbeat(ProcessRunner runner, List<String> command, Path logs, int index) {
    var result = runner.run(new ProcessSpec(command, Optional.empty(), Map.of("CRONBEAT_RUN_ID", Integer.toString(index)),
        Optional.of(Duration.ofMinutes(1)), logs.resolve("bench").resolve(index + "-1.log")), new ProcessRunner.Handle());
    if (result.exitCode() == null || result.exitCode() != 0) {
      throw new IllegalStateException("attempt " + index + " ended " + result);
    }
  }
}
