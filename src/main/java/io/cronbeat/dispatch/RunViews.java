package io.cronbeat.dispatch;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.run.Attempt;
import io.cronbeat.run.JobSpec;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunState;
import io.cronbeat.store.JobTable;
import io.cronbeat.store.NodeTable;
import io.cronbeat.store.NotificationTable;
import io.cronbeat.store.RunHistory;
import io.cronbeat.store.RunQueue;
import io.cronbeat.store.Store;
import io.cronbeat.timing.Schedule;
import io.cronbeat.timing.ScheduleException;
import io.cronbeat.timing.ScheduleParser;
import io.cronbeat.view.AfterView;
import io.cronbeat.view.JobView;
import io.cronbeat.view.NodeView;
import io.cronbeat.view.OverdueView;
import io.cronbeat.view.RecentRun;
import io.cronbeat.view.RunView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The store read as views: what {@code list}, {@code history}, {@code status} and the API show. */
public final class RunViews {

  /** How many fire times a job view shows. */
  public static final int NEXT_FIRES = 3;
  /** How many of a job's newest runs a job view carries: the dashboard's strip. */
  public static final int RECENT_RUNS = 20;

  /** A page of runs, newest first; {@code next} is the {@code before} of the next page, null on the last. */
  public record Page(List<RunView> runs, Long next) {}

  /** Which runs: any filter may be null. */
  public record Filter(String job, RunState state, Instant since, Long before, int limit) {}

  private final JobTable jobs;
  private final RunHistory history;
  private final RunQueue queue;
  private final NodeTable nodes;
  private final NotificationTable notifications;
  private final Clock clock;
  private final OverdueJobs watchdog;
  private final RunWaits waits;
  private final ScheduleParser parser = new ScheduleParser();

  /**
   * @param defaultExpect the watchdog's grace of jobs that declare none ({@code jobs.expect})
   * @param waits says why due runs stay queued
   */
  public RunViews(JobTable jobs, RunHistory history, RunQueue queue, NodeTable nodes, NotificationTable notifications,
      Clock clock, Optional<Duration> defaultExpect, RunWaits.Settings waits) {
    this.jobs = jobs;
    this.history = history;
    this.queue = queue;
    this.nodes = nodes;
    this.notifications = notifications;
    this.clock = clock;
    this.watchdog = new OverdueJobs(jobs, history, defaultExpect);
    this.waits = new RunWaits(jobs, queue, nodes, waits);
  }

  /** The views a command shows, read as {@code config}'s nodes would (their lease, their group limits). */
  public static RunViews of(Store store, Clock clock, CronbeatConfig config) {
    return new RunViews(store.jobs(), store.history(), store.queue(), store.nodes(), store.notifications(), clock,
        config.jobs().expect(), new RunWaits.Settings(config.node().lease(), config.cluster().groups()));
  }

  /** The jobs whose due runs wait for a node or a group slot, by name. */
  public Map<String, RunWaits.Waiting> waiting() {
    return waits.byJob(clock.instant());
  }

  /** The jobs overdue now, by name. */
  public Map<String, OverdueJobs.Overdue> overdue() {
    return watchdog.now(clock.instant());
  }

  /** The instant views are read at (the node's clock). */
  public Instant now() {
    return clock.instant();
  }

  /** Every job the store knows, by name. */
  public List<JobView> jobs() {
    Map<String, Instant> fires = jobs.nextFireTimes();
    Map<String, RunView> last = lastRuns();
    Map<String, OverdueJobs.Overdue> late = overdue();
    Map<String, List<RecentRun>> recent = recentRuns();
    Map<String, RunWaits.Waiting> waiting = waiting();
    List<JobView> views = new ArrayList<>();
    jobs.listing().stream().sorted(Comparator.comparing(JobTable.Listed::name)).forEach(listed -> views.add(
        job(jobs.fromJson(listed.definition()), listed.paused(), listed.enabled(), fires.get(listed.name()),
            last.get(listed.name()), late.get(listed.name()))
            .withRecentRuns(recent.getOrDefault(listed.name(), List.of())).waiting(reason(waiting.get(listed.name())))));
    return views;
  }

  public Optional<JobView> job(String name) {
    return jobs.find(name).map(stored -> job(stored.spec(), stored.paused(), stored.enabled(),
        jobs.nextFireTimes().get(name), lastRuns().get(name), overdue().get(name))
        .withRecentRuns(history.history(name, RECENT_RUNS).stream().map(RecentRun::of).toList())
        .waiting(reason(waiting().get(name))));
  }

  /** The newest {@value #RECENT_RUNS} runs of every job that has any, newest first, in one query. */
  public Map<String, List<RecentRun>> recentRuns() {
    Map<String, List<RecentRun>> views = new HashMap<>();
    history.recent(RECENT_RUNS).forEach((job, list) -> views.put(job, list.stream().map(RecentRun::of).toList()));
    return views;
  }

  /** Why each of these runs is due and still queued, by run id: runs that do not wait are left out. */
  public Map<Long, String> waiting(List<Run> page) {
    return waits.of(page, clock.instant());
  }

  private static String reason(RunWaits.Waiting waiting) {
    return waiting == null ? null : waiting.reason();
  }

  /** The newest finished run of every job that has one. */
  public Map<String, RunView> lastRuns() {
    Map<String, Run> last = history.lastFinished();
    Map<Long, List<Attempt>> attempts = history.attempts(last.values().stream().map(Run::id).toList());
    Map<String, RunView> views = new HashMap<>();
    last.forEach((job, run) -> views.put(job, RunView.of(run, attempts.getOrDefault(run.id(), List.of()))));
    return views;
  }

  /**
   * A job's view.
   *
   * @param fire its next fire time as the cluster will fire it, or null when it has no trigger (yet)
   */
  public JobView job(JobSpec spec, boolean paused, boolean enabled, Instant fire, RunView lastRun,
      OverdueJobs.Overdue late) {
    Optional<Schedule> schedule = schedule(spec);
    List<Instant> next = new ArrayList<>();
    if (schedule.isPresent() && !paused && enabled) {
      Instant now = clock.instant();
      if (fire != null) {
        next.add(fire);
        next.addAll(schedule.get().next(fire, NEXT_FIRES - 1));
      } else {
        next.addAll(schedule.get().next(now, NEXT_FIRES));
      }
    }
    return new JobView(spec.name(), spec.schedule(), schedule.map(Schedule::describe).orElse(null), spec.timezone(),
        List.copyOf(next), lastRun, paused, enabled, late == null ? null : new OverdueView(late.due(), late.since()), List.of(),
        spec.nodes(), spec.concurrency() == null ? null : spec.concurrency().name(), null, AfterView.of(spec.after()));
  }

  private Optional<Schedule> schedule(JobSpec spec) {
    if (!spec.scheduled()) {
      return Optional.empty();
    }
    try {
      ZoneId zone = spec.timezone() == null ? ZoneId.of("UTC") : ZoneId.of(spec.timezone());
      return Optional.of(parser.parse(spec.schedule(), zone, spec.name()));
    } catch (ScheduleException e) {
      return Optional.empty(); // stored by an older version under other rules: shown without times
    }
  }

  /** Runs newest first, with their attempts; one more is read to know whether a next page exists. */
  public Page runs(Filter filter) {
    List<Run> found = history.query(filter.job(), filter.state(), filter.since(), filter.before(), filter.limit() + 1);
    boolean more = found.size() > filter.limit();
    List<Run> page = more ? found.subList(0, filter.limit()) : found;
    return new Page(withAttempts(page), more ? page.get(page.size() - 1).id() : null);
  }

  /** Runs as views, their attempts read in one query. */
  public List<RunView> withAttempts(List<Run> page) {
    Map<Long, List<Attempt>> attempts = history.attempts(page.stream().map(Run::id).toList());
    Map<Long, String> waiting = waits.of(page, clock.instant());
    return page.stream().map(run -> RunView.of(run, attempts.getOrDefault(run.id(), List.of()))
        .withNotifications(notifications.ofRun(run.id())).waiting(waiting.get(run.id()))).toList();
  }

  public Optional<RunView> run(long id) {
    return history.find(id).map(run -> RunView.of(run, history.attempts(id)).withNotifications(notifications.ofRun(id))
        .waiting(waits.of(List.of(run), clock.instant()).get(id)));
  }

  /** The nodes that have not stopped, newest first; {@code alive} when heard from within {@code lease}. */
  public List<NodeView> nodes(Duration lease) {
    Map<String, Integer> running = queue.runningByNode();
    Instant now = clock.instant();
    return nodes.running().stream().map(node -> NodeView.of(node, lease, now, running.getOrDefault(node.id(), 0))).toList();
  }
}
