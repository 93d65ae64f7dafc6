package io.cronbeat.bench;

import java.util.Collection;

/** Percentiles of a set of samples (nearest rank), in the samples' unit. */
record Stats(int count, long p50, long p99, long max) {

  static Stats of(Collection<Long> samples) {
    long[] sorted = samples.stream().mapToLong(Long::longValue).sorted().toArray();
    if (sorted.length == 0) {
      return new Stats(0, 0, 0, 0);
    }
    return new Stats(sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1]);
  }

  private static long rank(long[] sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
