package io.cronbeat.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * cronbeat firing jobs every second ({@code @every 1s} in job files): no-op jobs and {@code true}
 * jobs in the same nodes at the same time. Lag is the first attempt's start minus the firing's
 * scheduled time, both as the store recorded them.
 */
final class CronbeatLag {

  private CronbeatLag() {}

  /** How many jobs of each kind. */
  record Jobs(int noop, int process) {
    int total() {
      return noop + process;
    }
  }

  static List<LagRow> run(BenchDatabase db, Jobs jobs, int workers, LagWindow.Plan plan, CronbeatDrain.Cluster cluster)
      throws Exception {
    Map<String, String> env = CronbeatEnv.of(db, workers);
    Path schedules = CronbeatEnv.schedules(db);
    JobFiles.write(schedules, ExecutorMode.NOOP_PREFIX, jobs.noop(), "@every 1s");
    JobFiles.write(schedules, "proc-", jobs.process(), "@every 1s");
    try (Nodes nodes = cluster.processes() ? NodeProcesses.start(cluster.nodes(), ExecutorMode.MIXED, env, db.dir())
        : Nodes.inJvm(cluster.nodes(), ExecutorMode.MIXED, env); CronbeatRuns store = CronbeatRuns.open(env)) {
      LagWindow window = plan.start();
      window.awaitEnd();
      long from = window.from().toEpochMilli();
      long to = window.to().toEpochMilli();
      Poll.until(() -> store.count("SELECT COUNT(DISTINCT a.run_id) FROM cb_attempts a JOIN cb_runs r ON r.id = a.run_id"
          + " WHERE r.scheduled_at >= ? AND r.scheduled_at < ?", from, to), (int) (jobs.total() * window.seconds()),
          window.graceDeadlineNanos(), Duration.ofMillis(200));
      List<CronbeatRuns.Firing> firings = store.firings(window.from(), window.to());
      LagTrace.write(Path.of(System.getProperty("cronbeat.root", ".")).resolve("target/bench")
          .resolve("lag-" + db.kind().label() + "-" + cluster.nodes() + (cluster.processes() ? "-processes" : "") + ".csv"),
          env, window);
      List<LagRow> rows = new ArrayList<>();
      if (jobs.noop() > 0) {
        rows.add(tally(db, cluster, nodes.how(), "no-op", jobs.noop(), window, firings, ExecutorMode.NOOP_PREFIX));
      }
      if (jobs.process() > 0) {
        rows.add(tally(db, cluster, nodes.how(), "process", jobs.process(), window, firings, "proc-"));
      }
      return rows;
    }
  }

  private static LagRow tally(BenchDatabase db, CronbeatDrain.Cluster cluster, String how, String executor, int jobs,
      LagWindow window, List<CronbeatRuns.Firing> firings, String prefix) {
    List<Long> lags = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    long duplicated = 0;
    for (CronbeatRuns.Firing firing : firings) {
      if (!firing.job().startsWith(prefix)) {
        continue;
      }
      if (!seen.add(firing.job() + "@" + firing.scheduledAt()) || firing.attemptStarts().size() > 1) {
        duplicated++;
      }
      if ("SCHEDULED".equals(firing.kind()) && !firing.attemptStarts().isEmpty()) {
        lags.add(firing.attemptStarts().stream().min(Long::compare).orElseThrow() - firing.scheduledAt());
      }
    }
    Stats stats = Stats.of(lags);
    long expected = (long) jobs * window.seconds();
    return new LagRow(db.kind(), "cronbeat", cluster.nodes(), how, executor, jobs, window.seconds(), stats, expected,
        expected - stats.count(), duplicated);
  }
}
