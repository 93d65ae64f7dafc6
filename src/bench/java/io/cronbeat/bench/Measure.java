package io.cronbeat.bench;

import java.util.Locale;

/** Runs one measurement on a fresh database, says how it went, and turns a failure into a gap. */
final class Measure {

  private Measure() {}

  interface Body<T> {
    T run() throws Exception;
  }

  interface OnDatabase<T> {
    T run(BenchDatabase db) throws Exception;
  }

  /** The measurement's result, or null when it failed (recorded in {@code results}). */
  static <T> T of(Results results, String label, Body<T> body) {
    long start = System.nanoTime();
    System.err.println("bench: " + label + " ...");
    try {
      T result = body.run();
      System.err.printf(Locale.ROOT, "bench: %s: %s (%.1fs)%n", label, summary(result), (System.nanoTime() - start) / 1e9);
      return result;
    } catch (Exception e) {
      results.failed(label, e);
      return null;
    }
  }

  /** {@link #of} on a database of its own, dropped afterwards. */
  static <T> T onFresh(Results results, String label, StoreKind store, OnDatabase<T> body) {
    return of(results, store.label() + " " + label, () -> {
      try (BenchDatabase db = BenchDatabase.create(store)) {
        return body.run(db);
      }
    });
  }

  private static String summary(Object result) {
    if (result instanceof Drain drain) {
      return String.format(Locale.ROOT, "%d/%d in %.1fs = %.0f/s%s, JVM CPU %.0f ms per 1,000 (%.0f %%), duplicated %d",
          drain.finished(), drain.queued(), drain.elapsed().toNanos() / 1e9, drain.perSecond(),
          drain.capped() ? " (capped)" : "", drain.cpuPerThousand(), drain.cpuPercent(), drain.duplicated());
    }
    if (result instanceof Row row) {
      return String.join(" | ", row.cells());
    }
    return "done";
  }
}
