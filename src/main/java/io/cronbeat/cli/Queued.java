package io.cronbeat.cli;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.dispatch.RunService;
import io.cronbeat.dispatch.RunViews;
import io.cronbeat.store.Store;
import io.cronbeat.view.RunView;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import picocli.CommandLine;

/** The line (or the run as JSON, the API's shape) that says a run was queued. */
final class Queued {

  private Queued() {}

  static void print(PrintWriter out, boolean json, RunView run, Instant now) {
    if (json) {
      out.println(Json.of(run));
    } else {
      out.println("queued run " + run.id() + " of job " + run.job()
          + (run.dueAt().isAfter(now) ? ", due " + TimeFormat.show(run.dueAt(), ZoneOffset.UTC) : ", due now"));
    }
    out.flush();
  }

  /**
   * What {@code trigger} and {@code submit} do once their run is queued: say so, warn when no
   * node is up to run it or when it waits for a node with its labels or a slot in its group, and
   * with {@code --wait} follow it to its end.
   *
   * @param waitLimit how long {@code --wait} waits; empty: until the run ends
   * @return the exit code: OK, or with {@code --wait} the run's
   */
  static int report(CommandLine command, boolean json, Store store, CronbeatConfig config, Clock clock, long id,
      boolean await, Optional<Duration> waitLimit) throws InterruptedException {
    RunView run = RunViews.of(store, clock, config).run(id).orElseThrow();
    print(command.getOut(), json, run, clock.instant());
    LiveNodes nodes = new LiveNodes(store, config.node().lease());
    if (nodes.warnIfNone(clock.instant(), command.getErr()) && run.waiting() != null) {
      // Nodes are up, but none may take it now: no node with its labels, or its group is full.
      command.getErr().println("run " + id + " is " + run.waiting());
    }
    return await ? RunOutcome.await(RunService.of(store, clock, config.limits().catchUpMaxRuns()), id, waitLimit, nodes,
        clock, command.getOut(), command.getErr()) : ExitCodes.OK;
  }
}
