package io.cronbeat.cli;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.dispatch.OverdueJobs;
import io.cronbeat.dispatch.RunViews;
import io.cronbeat.dispatch.RunWaits;
import io.cronbeat.job.After;
import io.cronbeat.job.JobDefinition;
import io.cronbeat.job.JobSet;
import io.cronbeat.run.JobSpec;
import io.cronbeat.store.JobTable;
import io.cronbeat.store.Store;
import io.cronbeat.view.JobView;
import io.cronbeat.view.RecentRun;
import io.cronbeat.view.RunView;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scheduler list}: every job, when it fires next, how its last run went. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = {"List the jobs, when they fire next and how their last run went.",
        "Jobs declared in the schedules directory and known to the store.",
        "NEXT is when the job fires next (as the cluster will fire it), LAST how its last run ended.",
        "OVERDUE (shown when a job is) is how long ago a firing's expect grace ran out without a success.",
        "AFTER (shown when a job has after:) names the jobs whose runs queue its runs; see also scheduler graph.",
        "A note under the list names each job whose due runs wait: for a node with the labels its nodes: selector"
            + " wants, or for a slot in its concurrency group."})
class ListCommand implements Callable<Integer> {

  private final CliContext context;

  @Mixin JobOptions options;

  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print the jobs as JSON.")
  boolean json;

  @Option(names = "--overdue", description = "Only the overdue jobs (see expect in the README).")
  boolean onlyOverdue;

  ListCommand(CliContext context) {
    this.context = context;
  }

  /**
   * One job's row.
   *
   * @param overdue the firing it missed and when its grace ran out, or null when it is not overdue
   */
  record Row(String job, String schedule, String zone, String next, String lastState, String lastEnded, boolean paused,
      boolean enabled, OverdueJobs.Overdue overdue, String after) {

    Row overdue(OverdueJobs.Overdue late) {
      return new Row(job, schedule, zone, next, lastState, lastEnded, paused, enabled, late, after);
    }
  }

  @Override
  public Integer call() {
    CronbeatConfig config = options.config(context);
    JobSet declared = options.load(context, config, null);
    if (!declared.valid()) {
      return CommonOptions.report(declared, spec.commandLine().getErr());
    }
    Instant now = context.clock().instant();
    List<Row> rows = new ArrayList<>();
    List<JobView> views = new ArrayList<>();
    Map<String, RunWaits.Waiting> waiting;
    try (Store store = options.store(context, config)) {
      RunViews read = RunViews.of(store, context.clock(), config);
      Map<String, JobTable.Listed> stored = new TreeMap<>();
      store.jobs().listing().forEach(job -> stored.put(job.name(), job));
      Map<String, Instant> fires = store.jobs().nextFireTimes();
      Map<String, RunView> last = read.lastRuns();
      Map<String, OverdueJobs.Overdue> overdue = read.overdue();
      Map<String, List<RecentRun>> recent = read.recentRuns();
      waiting = read.waiting();
      Map<String, JobDefinition> files = new LinkedHashMap<>();
      declared.jobs().forEach(job -> files.put(job.name(), job));
      TreeMap<String, Boolean> names = new TreeMap<>();
      files.keySet().forEach(name -> names.put(name, true));
      stored.keySet().forEach(name -> names.put(name, true));
      for (String name : names.keySet()) {
        Optional<JobDefinition> file = Optional.ofNullable(files.get(name));
        Optional<JobTable.Listed> row = Optional.ofNullable(stored.get(name));
        // The file says how the job is declared; the store's copy only for a job no file has any more.
        Optional<JobSpec> storedSpec = file.isPresent() ? Optional.empty()
            : row.map(listed -> store.jobs().fromJson(listed.definition()));
        if (onlyOverdue && !overdue.containsKey(name)) {
          continue;
        }
        Row shown = row(name, file, row, storedSpec, fires.get(name), Optional.ofNullable(last.get(name)), now)
            .overdue(overdue.get(name));
        rows.add(shown);
        Optional<JobSpec> spec = file.map(JobSpec::of).or(() -> storedSpec);
        spec.ifPresent(s -> views.add(read.job(s, shown.paused(), shown.enabled(), fires.get(name), last.get(name),
            overdue.get(name)).withRecentRuns(recent.getOrDefault(name, List.of()))
            .waiting(waiting.containsKey(name) ? waiting.get(name).reason() : null)));
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.of(views));
      return ExitCodes.OK;
    }
    // The AFTER and OVERDUE columns appear when there is something to show in them.
    boolean anyAfter = rows.stream().anyMatch(row -> row.after() != null);
    boolean anyOverdue = rows.stream().anyMatch(row -> row.overdue() != null);
    List<String> header = new ArrayList<>(List.of("JOB", "SCHEDULE", "ZONE", "NEXT", "LAST"));
    List<Integer> caps = new ArrayList<>(List.of(20, 16, 16, 16, 24));
    if (anyAfter) {
      header.add("AFTER");
      caps.add(40);
    }
    if (anyOverdue) {
      header.add("OVERDUE");
      caps.add(12);
    }
    Table table = new Table(caps.stream().mapToInt(Integer::intValue).toArray(), header.toArray(String[]::new));
    for (Row row : rows) {
      String next = row.paused() ? "paused" : !row.enabled() ? "disabled" : row.next() == null ? "-" : row.next();
      String lastRun = row.lastState() == null ? "-" : row.lastState() + " " + row.lastEnded();
      List<String> cells = new ArrayList<>(List.of(row.job(), row.schedule(), row.zone(), next, lastRun));
      if (anyAfter) {
        cells.add(row.after() == null ? "-" : row.after());
      }
      if (anyOverdue) {
        cells.add(row.overdue() == null ? "-" : Ago.span(row.overdue().since(), now));
      }
      table.add(cells.toArray(String[]::new));
    }
    table.print(out);
    // A schedule that fires within the minute is easy to write by mistake: say so under the list.
    for (JobDefinition job : declared.jobs()) {
      job.when().flatMap(w -> w.schedule().subMinute()).ifPresent(often -> out.println("note: " + job.name() + " " + often));
    }
    // A run that no node can take, or that waits for its group, is not silently stuck: say so under the list.
    for (Row row : rows) {
      RunWaits.Waiting wait = waiting.get(row.job());
      if (wait != null) {
        out.println("note: " + row.job() + ": " + Waiting.describe(wait, now));
      }
    }
    if (onlyOverdue && rows.isEmpty()) {
      spec.commandLine().getErr().println("no job is overdue");
    }
    return ExitCodes.OK;
  }

  private static Row row(String name, Optional<JobDefinition> file, Optional<JobTable.Listed> stored,
      Optional<JobSpec> storedSpec, Instant fire, Optional<RunView> last, Instant now) {
    // A job with no schedule that runs after others is not only manual: it says so in the AFTER column.
    String unscheduled = file.map(f -> f.after().isPresent()).orElseGet(() -> storedSpec.map(s -> s.after() != null).orElse(false))
        ? "(after)" : "(manual)";
    String schedule = file.map(f -> f.when().map(JobDefinition.When::text).orElse(unscheduled))
        .orElseGet(() -> storedSpec.map(s -> s.scheduled() ? s.schedule() : unscheduled).orElse("-"));
    ZoneId zone = file.flatMap(f -> f.when().map(JobDefinition.When::zone))
        .or(() -> storedSpec.filter(s -> s.timezone() != null).map(s -> ZoneId.of(s.timezone())))
        .orElse(null);
    Instant next = fire != null ? fire : file.flatMap(f -> f.when()).flatMap(w -> w.schedule().nextAfter(now)).orElse(null);
    boolean enabled = file.map(JobDefinition::enabled).orElseGet(() -> stored.map(JobTable.Listed::enabled).orElse(true));
    String after = file.flatMap(JobDefinition::after).map(JobDefinition.Upstreams::after)
        .or(() -> storedSpec.map(JobSpec::after)).map(After::describe).orElse(null);
    return new Row(name, schedule, zone == null ? "-" : zone.getId(),
        next == null || zone == null ? null : TimeFormat.show(next, zone).substring(5, 16).replace('T', ' '),
        last.map(RunView::state).orElse(null),
        last.map(r -> Ago.of(r.finishedAt() == null ? r.dueAt() : r.finishedAt(), now)).orElse(null),
        stored.map(JobTable.Listed::paused).orElse(false), enabled, null, after);
  }
}
