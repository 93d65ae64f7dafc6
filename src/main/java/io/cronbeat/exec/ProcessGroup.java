package io.cronbeat.exec;

import java.time.Duration;
import java.time.Instant;

/** INTERIM (replaced by the exec branch): a process group on this host. */
public record ProcessGroup(long pgid, Instant leaderStartedAt) {

  public static ProcessGroup of(ProcessHandle leader) {
    return new ProcessGroup(leader.pid(), leader.info().startInstant().orElse(Instant.EPOCH));
  }

  public boolean isAlive() {
    return ProcessHandle.of(pgid).isPresent();
  }

  public void signal(String signal) {
    try {
      new ProcessBuilder("kill", "-s", signal, "--", "-" + pgid).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    } catch (Exception e) {
      // gone
    }
  }

  public boolean stop(Duration grace) {
    signal("TERM");
    signal("KILL");
    return true;
  }
}
