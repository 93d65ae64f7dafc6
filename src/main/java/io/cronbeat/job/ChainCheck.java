package io.cronbeat.job;

import io.cronbeat.text.DidYouMean;
import io.cronbeat.yaml.Diagnostics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What {@code after:} can only be checked for across every file: each upstream job exists, and
 * no chain leads back to where it began (that job would queue itself forever).
 */
final class ChainCheck {

  private ChainCheck() {}

  static void check(List<JobDefinition> jobs, Diagnostics diagnostics) {
    if (jobs.stream().allMatch(job -> job.after().isEmpty())) {
      return; // no chains: nothing to check, and no sorted map of every name to build (10,000 at a node's start)
    }
    Map<String, JobDefinition> byName = new TreeMap<>();
    jobs.forEach(job -> byName.put(job.name(), job));
    boolean known = true;
    for (JobDefinition job : jobs) {
      if (job.after().isEmpty()) {
        continue;
      }
      JobDefinition.Upstreams upstreams = job.after().get();
      for (int i = 0; i < upstreams.after().jobs().size(); i++) {
        String upstream = upstreams.after().jobs().get(i);
        if (!byName.containsKey(upstream)) {
          known = false;
          JobDefinition.Source at = upstreams.at().get(i);
          Optional<String> close = DidYouMean.closest(upstream, byName.keySet());
          diagnostics.add(at.file(), at.line(), at.column(), "job '" + job.name() + "' runs after '" + upstream
              + "', which no job file declares" + close.map(c -> ": did you mean '" + c + "'?").orElse(""),
              close.map(c -> "write '" + c + "', or the name of another job declared in a job file").orElse("name a job declared in one of the job files"));
        }
      }
    }
    if (known) {
      cycles(byName, diagnostics);
    }
  }

  /** One diagnostic per set of jobs that wait on each other, printed as the runs would follow. */
  private static void cycles(Map<String, JobDefinition> byName, Diagnostics diagnostics) {
    Map<String, List<String>> downstream = new HashMap<>();
    byName.values().forEach(job -> job.after().ifPresent(u -> u.after().jobs().forEach(
        up -> downstream.computeIfAbsent(up, k -> new ArrayList<>()).add(job.name()))));
    downstream.values().forEach(list -> list.sort(Comparator.naturalOrder()));
    Set<String> reported = new HashSet<>();
    for (String start : byName.keySet()) {
      if (reported.contains(start) || byName.get(start).after().isEmpty()) {
        continue; // a job that waits for nothing closes no cycle
      }
      Optional<List<String>> cycle = cycleThrough(start, downstream);
      if (cycle.isEmpty()) {
        continue;
      }
      reported.addAll(cycle.get());
      // start → next → … → start: start runs after the job just before it in the list.
      String before = cycle.get().get(cycle.get().size() - 2);
      JobDefinition.Upstreams upstreams = byName.get(start).after().orElseThrow();
      JobDefinition.Source at = upstreams.at().get(upstreams.after().jobs().indexOf(before));
      diagnostics.add(at.file(), at.line(), at.column(), "after makes a cycle: " + String.join(" → ", cycle.get())
          + "; each job would queue the next one forever", "remove one after: of the cycle; a job cannot run after its own runs");
    }
  }

  /**
   * The shortest chain of runs from {@code start} back to it, breadth first so that the cycle
   * printed is the one a person reads most easily; names in order, {@code start} at both ends.
   */
  private static Optional<List<String>> cycleThrough(String start, Map<String, List<String>> downstream) {
    Map<String, String> cameFrom = new HashMap<>();
    List<String> frontier = List.of(start);
    while (!frontier.isEmpty()) {
      List<String> next = new ArrayList<>();
      for (String job : frontier) {
        for (String after : downstream.getOrDefault(job, List.of())) {
          if (after.equals(start)) {
            List<String> path = new ArrayList<>(List.of(start));
            for (String step = job; !step.equals(start); step = cameFrom.get(step)) {
              path.add(1, step);
            }
            path.add(start);
            return Optional.of(path);
          }
          if (!cameFrom.containsKey(after)) {
            cameFrom.put(after, job);
            next.add(after);
          }
        }
      }
      frontier = next;
    }
    return Optional.empty();
  }
}
