package io.cronbeat.dispatch;

import io.cronbeat.job.ConcurrencyGroup;
import io.cronbeat.run.JobSpec;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunState;
import io.cronbeat.store.JobTable;
import io.cronbeat.store.NodeTable;
import io.cronbeat.store.RunQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Why due runs stay queued, in words a person can act on: no live node has the labels their
 * job's selector wants, or their concurrency group runs as many as its limit. Read from the
 * store as the CLI and the API see it; a run that merely waits for the next claim has no reason.
 */
public final class RunWaits {

  /** The due runs of one job that wait, and why. */
  public record Waiting(String job, int runs, Instant since, String reason) {}

  private final JobTable jobs;
  private final RunQueue runs;
  private final NodeTable nodes;
  private final Settings settings;

  /**
   * @param lease a node silent for longer is not counted as able to run anything
   * @param groups the configured concurrency group limits, which win over the job files'
   */
  public record Settings(Duration lease, Map<String, Integer> groups) {}

  public RunWaits(JobTable jobs, RunQueue runs, NodeTable nodes, Settings settings) {
    this.jobs = jobs;
    this.runs = runs;
    this.nodes = nodes;
    this.settings = settings;
  }

  /** The jobs with due runs that wait for a node or a group slot, by name. */
  public Map<String, Waiting> byJob(Instant now) {
    Map<String, RunQueue.DueOfJob> due = runs.dueByJob(now);
    Map<String, Waiting> waiting = new TreeMap<>();
    if (due.isEmpty()) {
      return waiting;
    }
    Reasons reasons = reasons(now);
    jobs.definitions(due.keySet()).forEach((job, definition) -> reasons.of(jobs.fromJson(definition)).ifPresent(reason ->
        waiting.put(job, new Waiting(job, due.get(job).runs(), due.get(job).oldestDue(), reason))));
    return waiting;
  }

  /** Why each of these runs that is queued and due waits, by run id; runs that do not wait are left out. */
  public Map<Long, String> of(List<Run> page, Instant now) {
    List<Run> queued = page.stream().filter(r -> r.state() == RunState.QUEUED && !r.dueAt().isAfter(now)).toList();
    Map<Long, String> waiting = new HashMap<>();
    if (queued.isEmpty()) {
      return waiting;
    }
    Map<String, String> definitions = jobs.definitions(queued.stream().map(Run::job).distinct().toList());
    Reasons reasons = reasons(now);
    for (Run run : queued) {
      String definition = run.definition() != null ? run.definition() : definitions.get(run.job());
      if (definition != null) {
        reasons.of(jobs.fromJson(definition)).ifPresent(reason -> waiting.put(run.id(), reason));
      }
    }
    return waiting;
  }

  private Reasons reasons(Instant now) {
    List<Map<String, String>> live = nodes.running().stream()
        .filter(node -> !node.heartbeatAt().plus(settings.lease()).isBefore(now)).map(NodeTable.NodeRow::labels).toList();
    return new Reasons(live, runs.runningByGroup(), settings.groups());
  }

  /** The cluster at one instant: the live nodes' labels and the groups' running runs. */
  private record Reasons(List<Map<String, String>> liveLabels, Map<String, Integer> running, Map<String, Integer> limits) {

    Optional<String> of(JobSpec spec) {
      if (!spec.selector().any() && liveLabels.stream().noneMatch(spec.selector()::matches)) {
        return Optional.of("waiting for a node with " + spec.selector().describe());
      }
      if (spec.concurrency() != null) {
        ConcurrencyGroup group = spec.concurrency().limitedBy(limits);
        int taken = running.getOrDefault(group.name(), 0);
        if (taken >= group.limit()) {
          return Optional.of("waiting for group " + group.name() + " (" + taken + "/" + group.limit() + " running)");
        }
      }
      return Optional.empty();
    }
  }
}
