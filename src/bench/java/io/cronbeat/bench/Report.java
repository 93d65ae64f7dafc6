package io.cronbeat.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The drain table as printed, and {@code results.json} as issue 8 names its fields. */
final class Report {

  private Report() {}

  static void print(PrintStream out, List<DrainRow> rows, String machine) {
    out.println();
    out.println("Drain: runs due now, runs finished per second (higher is better); * = stopped at the time cap, rate of those finished");
    out.println(machine);
    String format = "%-10s %7s  %-8s %14s %14s %14s %14s %9s%n";
    out.printf(format, "store", "workers", "executor", "cronbeat/s", "quartz/s", "db-sched/s", "spawn-limit/s", "dup");
    for (DrainRow row : rows) {
      long dup = duplicated(row.cronbeat()) + duplicated(row.quartz()) + duplicated(row.dbScheduler());
      if ("noop".equals(row.executor())) {
        out.printf(format, row.store().label(), row.workers(), "no-op", cell(row.cronbeat()), cell(row.quartz()), cell(row.dbScheduler()),
            "-", dup);
      } else {
        out.printf(format, row.store().label(), row.workers(), "process", cell(row.cronbeat()), "-", "-",
            cell(row.spawnLimit()), dup);
      }
    }
    out.println("no-op: every system runs in-JVM no-op jobs (cronbeat: its whole queue path, the no-op executor in place"
        + " of the process). process: `true` per run.");
    out.println("dup = runs executed more than once, over every system in the row (must be 0).");
  }

  private static String cell(Drain drain) {
    if (drain == null) {
      return "-";
    }
    return String.format(Locale.ROOT, "%,.0f%s", drain.perSecond(), drain.capped() ? "*" : "");
  }

  private static long duplicated(Drain drain) {
    return drain == null ? 0 : drain.duplicated();
  }

  static void writeJson(Path file, List<DrainRow> rows, String machine, int runs) throws IOException {
    Files.createDirectories(file.getParent());
    String drain = rows.stream().map(Report::json).collect(Collectors.joining(",\n    ", "[\n    ", "\n  ]"));
    Files.writeString(file, "{\n  \"machine\": " + quote(machine) + ",\n  \"runs\": " + runs + ",\n  \"drain\": " + drain
        + ",\n  \"lag\": []\n}\n");
  }

  private static String json(DrainRow row) {
    return "{\"store\": " + quote(row.store().label()) + ", \"workers\": " + row.workers() + ", \"executor\": "
        + quote(row.executor()) + ", \"cronbeat_per_s\": " + rate(row.cronbeat()) + ", \"quartz_per_s\": "
        + rate(row.quartz()) + ", \"dbscheduler_per_s\": " + rate(row.dbScheduler()) + ", \"spawn_limit_per_s\": "
        + rate(row.spawnLimit()) + ", \"detail\": {" + detail("cronbeat", row.cronbeat()) + ", "
        + detail("quartz", row.quartz()) + ", " + detail("dbscheduler", row.dbScheduler()) + ", "
        + detail("spawn_limit", row.spawnLimit()) + "}}";
  }

  private static String rate(Drain drain) {
    return drain == null ? "null" : String.format(Locale.ROOT, "%.1f", drain.perSecond());
  }

  private static String detail(String name, Drain drain) {
    if (drain == null) {
      return quote(name) + ": null";
    }
    return String.format(Locale.ROOT, "\"%s\": {\"queued\": %d, \"finished\": %d, \"seconds\": %.3f, \"capped\": %b,"
        + " \"duplicated\": %d}", name, drain.queued(), drain.finished(), drain.elapsed().toNanos() / 1e9, drain.capped(),
        drain.duplicated());
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
