package io.cronbeat.cli;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.dispatch.OverdueJobs;
import io.cronbeat.dispatch.RunViews;
import io.cronbeat.dispatch.RunWaits;
import io.cronbeat.run.RunState;
import io.cronbeat.store.NodeTable;
import io.cronbeat.store.RunQueue;
import io.cronbeat.store.Store;
import io.cronbeat.view.RunView;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scheduler status}: the cluster at a glance. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Show the store, the queue, the overdue jobs, the nodes and the runs running now.",
        "Running runs: job, run, attempt, node, since when.",
        "Each node with when it last said it was alive; a silent one may be dead.",
        "Overdue jobs: a firing whose expect grace ran out without a success.",
        "Waiting jobs: due runs no live node may take (nodes: selector) or that wait for a concurrency group slot.",
        "LABELS: each node's node.labels."})
class StatusCommand implements Callable<Integer> {

  private final CliContext context;

  @Mixin CommonOptions options;

  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print the status as JSON.")
  boolean json;

  StatusCommand(CliContext context) {
    this.context = context;
  }

  /** The zone of each job, to show a missed firing as its schedule says it. */
  private static Map<String, ZoneId> zones(Store store) {
    Map<String, ZoneId> zones = new HashMap<>();
    for (var job : store.jobs().all()) {
      if (job.spec().timezone() != null) {
        zones.put(job.spec().name(), ZoneId.of(job.spec().timezone()));
      }
    }
    return zones;
  }

  @Override
  public Integer call() {
    CronbeatConfig config = options.config(context);
    Instant now = context.clock().instant();
    PrintWriter out = spec.commandLine().getOut();
    try (Store store = options.store(context, config)) {
      List<NodeTable.NodeRow> nodes = store.nodes().running();
      RunQueue.Counts counts = store.queue().counts(now);
      Duration lease = config.node().lease();
      RunViews read = RunViews.of(store, context.clock(), config);
      Collection<OverdueJobs.Overdue> overdue = read.overdue().values();
      List<RunView> running = read.runs(new RunViews.Filter(null, RunState.RUNNING, null, null, RunningTable.SHOWN)).runs();
      Collection<RunWaits.Waiting> waiting = read.waiting().values();
      if (json) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("store", store.url());
        status.put("nodes", read.nodes(lease));
        status.put("queue", counts);
        status.put("running", running);
        status.put("overdue", overdue);
        status.put("waiting", waiting);
        out.println(Json.of(status));
        return ExitCodes.OK;
      }
      out.println("store:   " + store.url());
      out.println("queue:   " + counts.due() + " due, " + counts.later() + " queued for later, " + counts.running() + " running");
      out.println("overdue: " + (overdue.isEmpty() ? "none" : overdue.size()));
      Map<String, ZoneId> zones = overdue.isEmpty() ? Map.of() : zones(store);
      for (OverdueJobs.Overdue late : overdue) {
        ZoneId zone = zones.getOrDefault(late.job(), ZoneOffset.UTC);
        out.println("  " + late.job() + "  due " + TimeFormat.show(late.due(), zone).substring(5, 16).replace('T', ' ')
            + " " + zone.getId() + ", " + Ago.span(late.since(), now) + " overdue");
      }
      out.println("waiting: " + (waiting.isEmpty() ? "none" : waiting.size()));
      for (RunWaits.Waiting wait : waiting) {
        out.println("  " + wait.job() + "  " + Waiting.describe(wait, now));
      }
      out.println("nodes:   " + (nodes.isEmpty() ? "none running" : nodes.size()));
      if (!nodes.isEmpty()) {
        Table table = new Table(new int[] {32, 20, 8, 20, 24, 30}, "NODE", "HOST", "PID", "STARTED", "HEARTBEAT", "LABELS");
        for (NodeTable.NodeRow node : nodes) {
          boolean silent = node.heartbeatAt().plus(lease).isBefore(now);
          table.add(node.id(), node.host(), Long.toString(node.pid()), TimeFormat.show(node.startedAt(), ZoneOffset.UTC),
              Ago.of(node.heartbeatAt(), now) + (silent ? " (silent: dead?)" : ""),
              node.labels().isEmpty() ? "-" : CronbeatConfig.Cluster.pairs(node.labels()));
        }
        table.print(out);
      }
      RunningTable.print(running, counts.running(), now, out);
    }
    return ExitCodes.OK;
  }
}
