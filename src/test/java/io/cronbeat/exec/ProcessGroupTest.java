package io.cronbeat.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProcessGroupTest {

  @Test
  void stopKillsAGroupWhoseLeaderHasExited() throws Exception {
    // The leader starts a sleeper that ignores TERM, prints its pid, and exits when its input closes.
    Process leader = new ProcessBuilder("/usr/bin/setsid", "--", "/bin/sh", "-c",
        "trap '' TERM; sleep 100 >/dev/null 2>&1 & echo $!; read line").start();
    ProcessGroup group = ProcessGroup.of(leader.toHandle());
    long orphan;
    try (BufferedReader output = new BufferedReader(new InputStreamReader(leader.getInputStream(), StandardCharsets.UTF_8))) {
      orphan = Long.parseLong(output.readLine().trim());
    }
    try {
      leader.getOutputStream().close();
      assertThat(leader.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(ProcFs.stat(orphan).orElseThrow().pgrp()).isEqualTo(group.pgid());
      assertThat(group.isAlive()).as("the orphan keeps the group alive").isTrue();

      long before = System.nanoTime();
      boolean gone = group.stop(Duration.ofMillis(500));

      assertThat(gone).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(2));
      assertThat(group.isAlive()).isFalse();
      assertThat(ProcFs.running(orphan)).isFalse();
      group.signal("KILL"); // a group that is gone is no error
    } finally {
      ProcessHandle.of(orphan).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void aPidReusedByAnotherProcessIsNotOurGroup() throws Exception {
    Process other = new ProcessBuilder("/usr/bin/setsid", "--", "sleep", "30").start();
    try {
      ProcessGroup real = ProcessGroup.of(other.toHandle());
      ProcessGroup ours = new ProcessGroup(real.pgid(), real.leaderStartedAt().minus(Duration.ofHours(1)));
      await().atMost(Duration.ofSeconds(5)).until(real::isAlive);

      assertThat(ours.isAlive()).isFalse();
      assertThat(ours.stop(Duration.ofMillis(200))).isTrue();
      ours.signal("KILL");
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(other::isAlive);
      assertThat(real.isAlive()).as("the other process was left alone").isTrue();
    } finally {
      other.destroyForcibly();
    }
  }
}
