package io.cronbeat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of this JVM's threads by name (the kernel's, so the collector's and compilers'
 * threads count too), from {@code /proc/self/task}: what a drain spent where. Numbered threads
 * of one kind are added up under one name. A thread that ended between two snapshots is missing
 * from the later one: its time shows only in the process total.
 */
final class ThreadCpu {

  /** Clock ticks per second of {@code /proc}'s utime and stime: 100 on Linux here. */
  private static final double TICKS_PER_SECOND = 100;

  private final Map<String, Long> ticksByThread;

  private ThreadCpu(Map<String, Long> ticksByThread) {
    this.ticksByThread = ticksByThread;
  }

  static ThreadCpu now() {
    Map<String, Long> ticks = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      tasks.forEach(task -> {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          // Fields 14 and 15 of stat(5), counted after the name's closing parenthesis from field 3.
          ticks.put(task.getFileName() + " " + name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
        } catch (IOException | RuntimeException gone) {
          // The thread ended while the directory was listed.
        }
      });
    } catch (IOException e) {
      return new ThreadCpu(Map.of());
    }
    return new ThreadCpu(ticks);
  }

  /** Milliseconds of CPU per kind of thread since {@code before}, the largest first, as one line. */
  String since(ThreadCpu before) {
    Map<String, Double> byKind = new TreeMap<>();
    ticksByThread.forEach((thread, ticks) -> {
      String kind = thread.substring(thread.indexOf(' ') + 1).replaceAll("[#-]?\\d+$", "");
      double ms = (ticks - before.ticksByThread.getOrDefault(thread, 0L)) * 1_000 / TICKS_PER_SECOND;
      byKind.merge(kind, ms, Double::sum);
    });
    StringBuilder line = new StringBuilder();
    byKind.entrySet().stream().filter(e -> e.getValue() > 0).sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> line.append(String.format(Locale.ROOT, "%s %.0f; ", e.getKey(), e.getValue())));
    return line.toString();
  }
}
