package io.cronbeat.bench;

import java.util.List;

/** A table of the report and its array in results.json. */
enum Section {
  DRAIN("drain", "(1) Drain: N runs due now, finished per second (higher is better)",
      List.of("store", "workers", "executor", "cronbeat/s", "quartz/s", "db-sched/s", "db-sched wd0/s", "spawn-limit/s",
          "setsid/s", "cb cpu", "db-s cpu", "wd0 cpu", "dup"),
      "no-op: in-JVM no-op work (cronbeat: its NoopExecutor through the whole fire/queue/claim/attempt/history path);"
          + " process: `true` per run, next to how fast this JVM spawns `true` with no scheduler at all (spawn-limit)"
          + " and `setsid -- true` (setsid: how cronbeat starts every attempt, in a session of its own)."
          + " cronbeat's time starts when the queued runs become due and its node is woken (as a firing wakes it),"
          + " db-scheduler's at its start. On H2 Quartz and db-scheduler (db-sched/s) commit with H2's default write"
          + " delay (0.5 s), cronbeat to the file at once; db-sched wd0/s: db-scheduler with WRITE_DELAY=0, as durable"
          + " as cronbeat. cpu: the JVM's CPU milliseconds per 1,000 runs over the timed drain (H2 runs in it)."),
  BURST("burst", "(2) Jobs due at one instant: seconds from that instant until every run is recorded / finished",
      List.of("store", "system", "jobs", "recorded s", "finished s", "missed", "dup", "sync s"),
      "recorded: in cb_runs; finished: final state (cronbeat no-op executor). Quartz: its one-shot triggers due at once,"
          + " time until its no-op job ran for all. sync s: untimed, the node that synced the jobs before the instant"
          + " (a fresh store's migration included); n/N* = how many by the time cap."),
  LAG("lag", "(3) Firing lag, every job every second: attempt start - scheduled time, in ms",
      List.of("store", "system", "nodes", "executor", "jobs", "window s", "p50 ms", "p99 ms", "max ms", "missed", "dup"),
      "missed: firings in the window with no run that started, or MISSED/CATCH_UP/SKIPPED runs;"
          + " cronbeat's no-op and process jobs ran in the same node at the same time."),
  CLI("cli", "(4) bin/scheduler with many jobs: seconds from process start, as an operator waits",
      List.of("store", "command", "jobs", "seconds", "exit"),
      "run (first sync) / run (re-sync): a node started on the files, timed until it logs 'sync:'; then stopped."),
  IDLE("idle", "(4) Idle node: bin/scheduler run with daily jobs, none due",
      List.of("store", "jobs", "seconds", "cpu %", "rss MiB"),
      "cpu %: utime+stime from /proc/PID/stat over the window, as a share of one core; rss: VmRSS at its end."),
  CLUSTER("cluster", "(5) Nodes sharing one database: drain (no-op) and lag",
      List.of("store", "nodes", "runs", "drain/s", "jobs", "p50 ms", "p99 ms", "max ms", "missed", "dup"),
      "processes: each node its own JVM (bench class path, NoopExecutor); in-JVM: nodes in the benchmark's JVM.");

  final String key;
  final String title;
  final List<String> header;
  final String note;

  Section(String key, String title, List<String> header, String note) {
    this.key = key;
    this.title = title;
    this.header = header;
    this.note = note;
  }
}
