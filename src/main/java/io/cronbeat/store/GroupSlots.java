package io.cronbeat.store;

import io.cronbeat.job.ConcurrencyGroup;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The concurrency groups of a claim. The groups' rows are locked (in name order, as the jobs'
 * rows of an overlap rule are) before their running runs are counted, so two nodes claiming at
 * once count one after the other and never both take a group's last slot; a run claimed in a
 * group records it, and is counted while it runs wherever it runs.
 */
final class GroupSlots {

  private GroupSlots() {}

  /**
   * The requests of {@code candidates} that their groups have room for, in order; each other one
   * is set {@link Claim.Result#GROUP_FULL} in {@code result}. Runs of no group all pass.
   */
  static List<Integer> admit(Connection connection, Dialect dialect, List<ClaimRequest> requests, List<Integer> candidates,
      List<Claim> result) throws SQLException {
    Set<String> groups = candidates.stream().map(i -> requests.get(i).group()).filter(g -> g != null)
        .map(ConcurrencyGroup::name).collect(Collectors.toCollection(TreeSet::new));
    if (groups.isEmpty()) {
      return candidates;
    }
    lock(connection, dialect, groups);
    Map<String, Integer> running = running(connection, groups);
    List<Integer> admitted = new ArrayList<>();
    for (int i : candidates) {
      ConcurrencyGroup group = requests.get(i).group();
      if (group == null) {
        admitted.add(i);
        continue;
      }
      int taken = running.getOrDefault(group.name(), 0);
      if (taken < group.limit()) {
        running.put(group.name(), taken + 1);
        admitted.add(i);
      } else {
        result.set(i, new Claim(Claim.Result.GROUP_FULL, 0, 0));
      }
    }
    return admitted;
  }

  /** Locks the groups' rows, creating those no claim has needed before. */
  private static void lock(Connection connection, Dialect dialect, Set<String> groups) throws SQLException {
    Set<String> locked = new HashSet<>(select(connection, groups));
    if (locked.size() < groups.size()) {
      List<Object[]> missing = groups.stream().filter(g -> !locked.contains(g)).map(g -> new Object[] {g}).toList();
      Jdbc.batch(connection, dialect.insertGroup(), missing);
      select(connection, groups);
    }
  }

  private static List<String> select(Connection connection, Set<String> groups) throws SQLException {
    String marks = String.join(", ", Collections.nCopies(groups.size(), "?"));
    return Jdbc.query(connection, "SELECT name FROM cb_groups WHERE name IN (" + marks + ") ORDER BY name FOR UPDATE",
        row -> row.getString(1), groups.toArray());
  }

  /** The running runs of each group, counted with the groups' rows locked. */
  private static Map<String, Integer> running(Connection connection, Set<String> groups) throws SQLException {
    String marks = String.join(", ", Collections.nCopies(groups.size(), "?"));
    Map<String, Integer> running = new HashMap<>();
    Jdbc.query(connection, "SELECT concurrency_group, COUNT(*) FROM cb_runs WHERE state = 'RUNNING' AND concurrency_group IN ("
        + marks + ") GROUP BY concurrency_group", row -> running.put(row.getString(1), row.getInt(2)), groups.toArray());
    return running;
  }
}
