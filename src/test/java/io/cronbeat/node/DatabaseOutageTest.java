package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunState;
import io.cronbeat.store.TcpProxy;
import io.cronbeat.store.TestStore;
import io.cronbeat.testing.LogCapture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database goes away under a running node and comes back. */
class DatabaseOutageTest {

  @TempDir Path dir;

  @Test
  void nodeReportsTheOutageKeepsRunningAndCatchesUpAfterwards() throws Exception {
    try (LogCapture logs = LogCapture.cronbeat();
        NodeHarness harness = new NodeHarness(TestStore.Kind.POSTGRESQL, dir);
        TcpProxy proxy = new TcpProxy(5432)) {
      harness.runsOf("tick"); // the test looks at the tables directly; only the node goes through the proxy
      String direct = harness.env().get("CRONBEAT_STORE_URL");
      harness.set("CRONBEAT_STORE_URL", direct.replace(":5432/", ":" + proxy.port() + "/"));
      harness.jobs("tick.yaml", "jobs:\n  tick:\n    schedule: '@every 1s'\n    command: 'true'\n    catch-up: latest\n");
      harness.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> harness.runsOf("tick").size() >= 2);

      proxy.cut();
      Instant cut = Instant.now();
      await().atMost(Duration.ofSeconds(30)).until(() -> logs.events().stream().anyMatch(e ->
          e.getLevel() == Level.WARN && e.getFormattedMessage().startsWith("heartbeat failed: database error")));
      // Down for longer than node.misfire-after (5s), so firings are missed, not merely late.
      await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(cut.plusSeconds(8)));
      proxy.restore();
      Instant restored = Instant.now();
      await().atMost(Duration.ofSeconds(60)).until(() -> harness.runsOf("tick").stream()
          .anyMatch(r -> r.state() == RunState.SUCCEEDED && r.scheduledAt().isAfter(restored.plusSeconds(2))));
      harness.stop();

      List<Run> runs = harness.runsOf("tick");
      assertThat(runs.stream().map(Run::scheduledAt).toList()).doesNotHaveDuplicates();
      assertThat(runs.stream().filter(r -> r.scheduledAt().isAfter(cut) && r.scheduledAt().isBefore(restored)).toList())
          .as("firings during the outage are recorded, caught up by catch-up: latest").isNotEmpty();
      assertThat(logs.events()).anyMatch(e -> e.getFormattedMessage().equals("database reachable again"));
    }
  }
}
