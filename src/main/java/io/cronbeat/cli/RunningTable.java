package io.cronbeat.cli;

import io.cronbeat.view.AttemptView;
import io.cronbeat.view.RunView;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

/** {@code status}'s runs that are running: which job, which run and attempt, on which node, since when. */
final class RunningTable {

  /** Rows shown; the count says how many more there are. */
  static final int SHOWN = 20;

  private RunningTable() {}

  /** @param total how many runs are running, of which {@code runs} are the newest */
  static void print(List<RunView> runs, long total, Instant now, PrintWriter out) {
    out.println("running: " + (total == 0 ? "none" : total));
    if (runs.isEmpty()) {
      return;
    }
    Table table = new Table(new int[] {12, 32, 8, 32, 12}, "RUN", "JOB", "ATTEMPT", "NODE", "SINCE");
    for (RunView run : runs) {
      Instant since = run.attempts().isEmpty() ? run.startedAt() : current(run).startedAt();
      table.add(Long.toString(run.id()), run.job(), run.attemptCount() + "/" + run.attemptLimit(),
          run.node() == null ? "-" : run.node(), since == null ? "-" : Ago.of(since, now));
    }
    table.print(out);
    if (total > runs.size()) {
      out.println("  and " + (total - runs.size()) + " more: bin/scheduler history --state RUNNING --limit N");
    }
  }

  private static AttemptView current(RunView run) {
    return run.attempts().get(run.attempts().size() - 1);
  }
}
