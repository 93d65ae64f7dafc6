package io.cronbeat.job;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The chains of a valid set of jobs as a forest: each job that starts a chain (it waits for
 * nothing) with the jobs that run after it beneath. A job with several upstream jobs appears
 * under each; its subtree is printed once, then referred to.
 */
public final class ChainGraph {

  /** One edge: {@code downstream} runs after {@code upstream}. */
  public record Edge(String upstream, String downstream, After after) {}

  private final Map<String, JobDefinition> jobs = new TreeMap<>();
  private final Map<String, Set<String>> downstream = new TreeMap<>();

  public ChainGraph(List<JobDefinition> declared) {
    declared.forEach(job -> jobs.put(job.name(), job));
    for (JobDefinition job : declared) {
      job.after().ifPresent(u -> u.after().jobs().forEach(
          up -> downstream.computeIfAbsent(up, k -> new TreeSet<>()).add(job.name())));
    }
  }

  public List<Edge> edges() {
    List<Edge> edges = new ArrayList<>();
    downstream.forEach((up, downs) -> downs.forEach(
        down -> edges.add(new Edge(up, down, jobs.get(down).after().orElseThrow().after()))));
    return edges;
  }

  /** Whether the job runs after another or another after it. */
  public boolean chained(String job) {
    return downstream.containsKey(job) || jobs.get(job).after().isPresent();
  }

  /** The job and every job that runs after it, directly or further down. */
  public Set<String> below(String root) {
    Set<String> found = new TreeSet<>(List.of(root));
    List<String> next = new ArrayList<>(List.of(root));
    while (!next.isEmpty()) {
      String job = next.remove(next.size() - 1);
      downstream.getOrDefault(job, Set.of()).stream().filter(found::add).forEach(next::add);
    }
    return found;
  }

  /** Jobs in no chain, by name. */
  public List<String> unchained() {
    return jobs.keySet().stream().filter(name -> !chained(name)).toList();
  }

  /** The tree of every chain, the jobs that start one in name order. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    Set<String> shown = new HashSet<>();
    jobs.values().stream().filter(job -> job.after().isEmpty() && downstream.containsKey(job.name()))
        .forEach(root -> draw(root.name(), "", "", lines, shown));
    return lines;
  }

  /** The tree below one job, with what it runs after on its first line. */
  public List<String> lines(String root) {
    List<String> lines = new ArrayList<>();
    draw(root, "", "", lines, new HashSet<>());
    return lines;
  }

  private void draw(String name, String lead, String indent, List<String> lines, Set<String> shown) {
    boolean again = !shown.add(name) && downstream.containsKey(name);
    lines.add(lead + name + "  " + label(jobs.get(name)) + (again ? "  (its jobs are shown above)" : ""));
    if (again) {
      return;
    }
    List<String> children = List.copyOf(downstream.getOrDefault(name, Set.of()));
    for (int i = 0; i < children.size(); i++) {
      boolean last = i == children.size() - 1;
      draw(children.get(i), indent + (last ? "└── " : "├── "), indent + (last ? "    " : "│   "), lines, shown);
    }
  }

  private static String label(JobDefinition job) {
    String schedule = job.when().map(w -> "schedule '" + w.text() + "'").orElse(null);
    if (job.after().isEmpty()) {
      return schedule == null ? "(manual)" : schedule;
    }
    After after = job.after().get().after();
    String ended = switch (after.on()) {
      case SUCCESS -> "succeeded";
      case FAILURE -> "failed";
      case FINISHED -> "finished";
    };
    String jobs = String.join(", ", after.jobs());
    String when = after.jobs().size() == 1 ? "on " + after.on().word()
        : after.need() == After.Need.ALL ? "once all of " + jobs + " have " + ended : "each time any of " + jobs + " has " + ended;
    return when + (schedule == null ? "" : "; also " + schedule) + (job.enabled() ? "" : "; disabled");
  }
}
