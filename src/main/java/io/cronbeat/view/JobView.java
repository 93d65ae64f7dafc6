package io.cronbeat.view;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One job as {@code scheduler list --json} and the HTTP API show it.
 *
 * @param schedule as written, or null for a job that only runs when triggered
 * @param description the schedule in words, or null
 * @param zone the zone its schedule is read in, or null
 * @param nextFireTimes its next few fire times (the first as the cluster will fire it); empty when paused, disabled
 *     or unscheduled
 * @param lastRun its newest finished run, or null
 * @param overdue why the watchdog counts it overdue, or null when it is not
 * @param recentRuns its newest runs in any state, newest first (at most {@code RunViews.RECENT_RUNS})
 * @param nodes the labels a node must have to run it (a list: any of the values); empty: any node
 * @param concurrencyGroup the concurrency group it counts in, or null
 * @param waiting why its due runs stay queued ("waiting for a node with role=backup"), or null
 * @param after the upstream jobs whose runs queue its runs, or null when it is in no chain
 */
public record JobView(String name, String schedule, String description, String zone, List<Instant> nextFireTimes,
    RunView lastRun, boolean paused, boolean enabled, OverdueView overdue, List<RecentRun> recentRuns,
    Map<String, List<String>> nodes, String concurrencyGroup, String waiting, AfterView after) {

  public JobView withRecentRuns(List<RecentRun> recent) {
    return new JobView(name, schedule, description, zone, nextFireTimes, lastRun, paused, enabled, overdue, List.copyOf(recent),
        nodes, concurrencyGroup, waiting, after);
  }

  public JobView waiting(String why) {
    return new JobView(name, schedule, description, zone, nextFireTimes, lastRun, paused, enabled, overdue, recentRuns, nodes,
        concurrencyGroup, why, after);
  }
}
