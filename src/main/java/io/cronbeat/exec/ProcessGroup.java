package io.cronbeat.exec;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A process group on this host. An attempt's process is started as a session and group leader,
 * so {@code pgid} is its pid and everything it starts (unless it leaves on purpose) is in the group.
 * The leader's start time tells our group apart from a later process that got the same pid.
 *
 * @param leaderStartedAt when the leader started; null when unknown (then a reused pid is not detected)
 */
public record ProcessGroup(long pgid, Instant leaderStartedAt) {

  /** Two start times this close are the same process (the JDK reports them at clock-tick precision). */
  private static final Duration SAME_START = Duration.ofSeconds(1);
  private static final Duration KILL_WAIT = Duration.ofSeconds(1);
  private static final Optional<Path> KILL_COMMAND = Optional.of(Path.of("/usr/bin/kill"))
      .filter(Files::isExecutable).or(() -> Optional.of(Path.of("/bin/kill")).filter(Files::isExecutable));

  public static ProcessGroup of(ProcessHandle leader) {
    return new ProcessGroup(leader.pid(), startedAt(leader.pid()));
  }

  /** The start time of {@code pid}, from /proc where there is one (cheaper than ProcessHandle.info()); null if unknown. */
  private static Instant startedAt(long pid) {
    if (ProcFs.available()) {
      return ProcFs.startedAt(pid).orElse(null);
    }
    return ProcessHandle.of(pid).flatMap(process -> process.info().startInstant()).orElse(null);
  }

  /** Whether some process is still in the group (zombies do not count). */
  public boolean isAlive() {
    if (pidReused()) {
      return false;
    }
    if (!ProcFs.available()) {
      // Without /proc (not Linux) only the leader can be seen.
      return ProcessHandle.of(pgid).map(ProcessHandle::isAlive).orElse(false);
    }
    // The leader itself counts even when it is not a group leader (started without setsid).
    return ProcFs.running(pgid) || !ProcFs.runningInGroup(pgid).isEmpty();
  }

  /** Sends {@code signal} ("TERM", "KILL", ...) to every process in the group; nothing if the group is gone. */
  public void signal(String signal) {
    if (pidReused()) {
      // The pid now belongs to someone else, who may lead a group of their own: never signal it.
      return;
    }
    if (KILL_COMMAND.isEmpty()) {
      signalEachMember(signal);
      return;
    }
    // One kill(2) on the group reaches every member atomically, including ones forked a moment ago.
    ProcessBuilder kill = new ProcessBuilder(KILL_COMMAND.get().toString(), "-s", signal, "--", "-" + pgid)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    try {
      Process process = kill.start();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      signalEachMember(signal);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // A non-zero exit means "no such process group": the group is gone, which is what we want.
  }

  private void signalEachMember(String signal) {
    boolean force = signal.equals("KILL") || signal.equals("SIGKILL") || signal.equals("9");
    List<Long> members = ProcFs.available() ? ProcFs.runningInGroup(pgid) : List.of(pgid);
    members.forEach(pid -> ProcessHandle.of(pid).ifPresent(force ? ProcessHandle::destroyForcibly : ProcessHandle::destroy));
  }

  /**
   * TERM to the group, up to {@code grace} for it to empty, then KILL and a short wait. Blocking;
   * an interrupt skips to KILL.
   *
   * @return whether the group is gone
   */
  public boolean stop(Duration grace) {
    signal("TERM");
    if (awaitGone(grace)) {
      return true;
    }
    signal("KILL");
    return awaitGone(KILL_WAIT);
  }

  private boolean awaitGone(Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    long pause = 1;
    while (isAlive()) {
      if (System.nanoTime() - deadline >= 0 || Thread.currentThread().isInterrupted()) {
        return false;
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      pause = Math.min(pause * 2, 50);
    }
    return true;
  }

  /** The pid {@code pgid} belongs to a process that started at another time than our leader. */
  private boolean pidReused() {
    if (leaderStartedAt == null) {
      return false;
    }
    return Optional.ofNullable(startedAt(pgid))
        .map(started -> Duration.between(started, leaderStartedAt).abs().compareTo(SAME_START) > 0)
        .orElse(false);
  }
}
