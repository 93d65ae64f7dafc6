package io.cronbeat.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Many declared jobs, handled with real {@code bin/scheduler} commands, each timed from process
 * start: the first sync (a node started on a fresh store, until it logs its sync), an unchanged
 * re-sync (the same, again), then {@code validate}, {@code list} and {@code plan}, each the
 * second time it runs.
 */
final class CliTimings {

  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  static final String SYNCED = " sync: ";
  static final String STARTED = " started: ";

  private CliTimings() {}

  static void run(BenchDatabase db, Path root, int jobs, Results results) throws Exception {
    Map<String, String> env = CronbeatEnv.operator(db);
    JobFiles.write(CronbeatEnv.schedules(db), "cli-", jobs, JobFiles.dailyFarFromNow());
    Operator operator = new Operator(root, env, db.dir());
    sync(db, operator, jobs, "run (first sync)", results);
    sync(db, operator, jobs, "run (re-sync)", results);
    for (String command : new String[] {"validate", "list", "plan"}) {
      // Once untimed: the first command of a kind after a build writes bin/scheduler's class
      // archive as it exits (a second or more, once per installation), and which store is
      // measured first would get it.
      operator.run(TIMEOUT, command);
      Operator.Timed timed = operator.run(TIMEOUT, command);
      results.add(Section.CLI, new CliRow(db.kind(), command, jobs, timed.seconds(), timed.exit()));
      if (timed.exit() != 0) {
        throw new IllegalStateException("bin/scheduler " + command + " exited " + timed.exit());
      }
    }
  }

  private static void sync(BenchDatabase db, Operator operator, int jobs, String what, Results results) throws Exception {
    // Stopped once started, as an operator would. No pause before the SIGTERM: `run` handles
    // TERM from before its node starts (RunCommand), so an early stop is still a clean exit 0.
    Operator.Running node = operator.startUntil(List.of(SYNCED, STARTED), TIMEOUT, "run");
    double seconds = node.secondsTo(SYNCED);
    int exit = node.stop();
    results.add(Section.CLI, new CliRow(db.kind(), what, jobs, seconds, exit));
    if (exit != 0) {
      throw new IllegalStateException("bin/scheduler run exited " + exit + " on SIGTERM");
    }
  }
}
