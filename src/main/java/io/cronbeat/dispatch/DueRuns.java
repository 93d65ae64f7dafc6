package io.cronbeat.dispatch;

import io.cronbeat.job.ConcurrencyGroup;
import io.cronbeat.run.JobSpec;
import io.cronbeat.run.Run;
import io.cronbeat.store.RunQueue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The runs due now that a claim pass looks at: the oldest, passing over those this node cannot
 * start now (their job is pinned to other nodes, or its concurrency group has no free slot), so
 * that a backlog of them never hides the runs it can start behind them. The claim itself still
 * decides: a slot counted free here may be gone by then.
 */
final class DueRuns {

  /** Queries one pass may make to see past runs it cannot start. */
  private static final int ROUNDS = 3;
  private static final Comparator<Run> QUEUE_ORDER = Comparator.comparing(Run::dueAt).thenComparingLong(Run::id);

  private final RunQueue runs;
  private final SpecCache specs;
  private final Map<String, String> labels;
  private final Map<String, Integer> configuredLimits;

  /**
   * @param labels this node's labels
   * @param configuredLimits the configuration's group limits, which win over the job files'
   */
  DueRuns(RunQueue runs, SpecCache specs, Map<String, String> labels, Map<String, Integer> configuredLimits) {
    this.runs = runs;
    this.specs = specs;
    this.labels = labels;
    this.configuredLimits = configuredLimits;
  }

  /** At most {@code limit} runs due by {@code now}, oldest first. */
  List<Run> due(Instant now, int limit) {
    List<Run> batch = runs.due(now, limit);
    Set<String> passedOver = new TreeSet<>();
    Map<Long, Run> kept = new LinkedHashMap<>();
    Map<String, Integer> freeSlots = new HashMap<>();
    Map<String, Integer> running = null;
    // Only a full batch can hide runs behind it; a shorter one holds every due run.
    for (int round = 0; round < ROUNDS && batch.size() == limit; round++) {
      Map<Long, JobSpec> spec = specs.of(batch);
      int before = passedOver.size();
      for (Run run : batch) {
        JobSpec job = spec.get(run.id());
        if (kept.containsKey(run.id())) {
          continue;
        }
        if (job != null && !job.selector().matches(labels)) {
          passedOver.add(run.job());
          continue;
        }
        if (job != null && job.concurrency() != null) {
          ConcurrencyGroup group = job.concurrency().limitedBy(configuredLimits);
          if (running == null) {
            running = runs.runningByGroup();
          }
          int taken = running.getOrDefault(group.name(), 0);
          int free = freeSlots.computeIfAbsent(group.name(), name -> group.limit() - taken);
          if (free <= 0) {
            passedOver.add(run.job());
            continue;
          }
          freeSlots.put(group.name(), free - 1);
        }
        kept.put(run.id(), run);
      }
      if (passedOver.size() == before) {
        break;
      }
      batch = runs.due(now, limit, passedOver);
    }
    if (passedOver.isEmpty()) {
      return batch;
    }
    batch.forEach(run -> kept.putIfAbsent(run.id(), run));
    List<Run> due = new ArrayList<>(kept.values());
    due.sort(QUEUE_ORDER);
    return due.size() > limit ? new ArrayList<>(due.subList(0, limit)) : due;
  }
}
