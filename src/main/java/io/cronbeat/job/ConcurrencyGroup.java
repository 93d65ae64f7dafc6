package io.cronbeat.job;

import java.util.Map;

/**
 * A name shared by jobs that may run only so many at once across the cluster: the limit counts
 * the running runs of all of them together. A limit of 1 makes the group a mutex.
 */
public record ConcurrencyGroup(String name, int limit) {

  /** The most a group may allow; beyond that a group limits nothing a cluster can run. */
  public static final int MAX_LIMIT = 10_000;

  /** This group with the limit the configuration sets for it, if it sets one. */
  public ConcurrencyGroup limitedBy(Map<String, Integer> configured) {
    Integer limit = configured.get(name);
    return limit == null ? this : new ConcurrencyGroup(name, limit);
  }
}
