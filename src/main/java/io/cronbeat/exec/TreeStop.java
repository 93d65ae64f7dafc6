package io.cronbeat.exec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Stopping one attempt's processes, as a state machine stepped by the runner's own loop rather
 * than a blocking wait: TERM at once to the group, the leader and its descendants (which may
 * have left the group), KILL to whatever is left once the grace period is over.
 */
final class TreeStop {

  /** How long to keep looking after KILL: a killed process can take a moment to disappear. */
  private static final long AFTER_KILL_NANOS = Duration.ofSeconds(1).toNanos();

  private final ProcessGroup group;
  private final ProcessHandle leader;
  private final List<ProcessHandle> descendants;
  private final long killAt;
  private long killedAt;
  private boolean killed;

  private TreeStop(ProcessGroup group, ProcessHandle leader, long killAt) {
    this.group = group;
    this.leader = leader;
    this.descendants = new ArrayList<>(leader.descendants().toList());
    this.killAt = killAt;
  }

  /** Sends TERM now; {@code now} is {@link System#nanoTime()}. */
  static TreeStop begin(ProcessGroup group, ProcessHandle leader, Duration grace, long now) {
    TreeStop stop = new TreeStop(group, leader, now + grace.toNanos());
    group.signal("TERM");
    // The leader directly too: right after start it may not have called setsid() yet.
    leader.destroy();
    stop.descendants.forEach(ProcessHandle::destroy);
    return stop;
  }

  /** Sends KILL once the grace period is over. */
  void step(long now) {
    if (!killed && now - killAt >= 0) {
      kill(now);
    }
  }

  /** Whether the runner may stop watching: all gone, or killed a while ago. */
  boolean finished(long now) {
    if (killed && now - killedAt >= AFTER_KILL_NANOS) {
      return true;
    }
    return !group.isAlive() && !leaderRunning() && descendants.stream().noneMatch(TreeStop::running);
  }

  private void kill(long now) {
    killed = true;
    killedAt = now;
    group.signal("KILL");
    // Whatever forked since TERM, inside the group or out of it.
    List<ProcessHandle> everyone = new ArrayList<>(descendants);
    everyone.add(leader);
    descendants.forEach(process -> everyone.addAll(process.descendants().toList()));
    everyone.addAll(leader.descendants().toList());
    everyone.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private boolean leaderRunning() {
    return leader.isAlive();
  }

  private static boolean running(ProcessHandle process) {
    // ProcessHandle.isAlive() counts zombies, which unreaped orphans stay forever in some containers.
    return process.isAlive() && (!ProcFs.available() || ProcFs.running(process.pid()));
  }
}
