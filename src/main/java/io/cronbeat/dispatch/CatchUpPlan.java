package io.cronbeat.dispatch;

import io.cronbeat.job.CatchUp;
import io.cronbeat.timing.Schedule;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which firings of an outage run and which are recorded as MISSED. A pure function of the
 * missed fire times and the policy: how long the outage lasted changes only how many there are.
 *
 * @param run fire times to run, oldest first
 * @param missed fire times to record as MISSED (at most {@code cap} of the newest)
 * @param uncounted missed fire times beyond what is recorded one by one
 */
public record CatchUpPlan(List<Instant> run, List<Instant> missed, long uncounted) {

  /**
   * @param from the first missed fire time
   * @param until the catch-up firing's own time; fire times after it are in the future
   * @param cap at most this many runs (for {@code all}) and this many MISSED records
   */
  public static CatchUpPlan of(Schedule schedule, Instant from, Instant until, CatchUp policy, int cap) {
    // Walk the outage once, keeping only the newest 2 * cap times: enough for any policy.
    ArrayDeque<Instant> newest = new ArrayDeque<>();
    long total = 0;
    Optional<Instant> time = Optional.of(from);
    while (time.isPresent() && !time.get().isAfter(until)) {
      total++;
      newest.addLast(time.get());
      if (newest.size() > 2 * cap) {
        newest.removeFirst();
      }
      time = schedule.nextAfter(time.get());
    }
    return of(new ArrayList<>(newest), total, policy, cap);
  }

  /**
   * The plan for fire times already known, e.g. the firings recorded MISSED while a job was paused.
   *
   * @param newest the newest of the missed fire times, oldest first: at least {@code cap} of them
   *     when there are that many, for {@code all} to run {@code cap}
   * @param total how many were missed in all, {@code newest} and any older ones
   * @param cap at most this many runs (for {@code all}) and this many MISSED records
   */
  public static CatchUpPlan of(List<Instant> newest, long total, CatchUp policy, int cap) {
    int runs = switch (policy) {
      case NONE -> 0;
      case LATEST -> Math.min(1, newest.size());
      case ALL -> Math.min(cap, newest.size());
    };
    List<Instant> run = newest.subList(newest.size() - runs, newest.size());
    List<Instant> missed = newest.subList(Math.max(0, newest.size() - runs - cap), newest.size() - runs);
    return new CatchUpPlan(List.copyOf(run), List.copyOf(missed), total - run.size() - missed.size());
  }
}
