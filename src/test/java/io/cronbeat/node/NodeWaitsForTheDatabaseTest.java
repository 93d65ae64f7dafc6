package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.cronbeat.run.RunState;
import io.cronbeat.store.TcpProxy;
import io.cronbeat.store.TestStore;
import io.cronbeat.testing.LogCapture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node started while its database is down waits for it instead of exiting. */
class NodeWaitsForTheDatabaseTest {

  @TempDir Path dir;

  @Test
  void nodeStartedWhileTheDatabaseIsDownWaitsAndStartsWhenItComesBack() throws Exception {
    try (LogCapture logs = LogCapture.cronbeat();
        NodeHarness harness = new NodeHarness(TestStore.Kind.POSTGRESQL, dir);
        TcpProxy proxy = new TcpProxy(5432)) {
      harness.runsOf("tick"); // the test's own connection goes direct; only the node goes through the proxy
      String direct = harness.env().get("CRONBEAT_STORE_URL");
      String proxied = direct.replace(":5432/", ":" + proxy.port() + "/");
      harness.set("CRONBEAT_STORE_URL", proxied);
      harness.jobs("tick.yaml", "jobs:\n  tick:\n    schedule: '@every 1s'\n    command: 'true'\n");
      proxy.cut();

      CompletableFuture<Node> starting = CompletableFuture.supplyAsync(harness::start);
      await().atMost(Duration.ofSeconds(10)).until(() -> logs.events().stream().anyMatch(e ->
          e.getFormattedMessage().startsWith("database not reachable at " + proxied + " (")));
      Instant cut = Instant.now();
      await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(cut.plusSeconds(5)));
      assertThat(starting).as("still waiting while the database is down").isNotDone();
      proxy.restore();

      Node node = starting.get(30, TimeUnit.SECONDS);
      assertThat(node).isNotNull();
      await().atMost(Duration.ofSeconds(30)).until(() ->
          harness.runsOf("tick").stream().anyMatch(r -> r.state() == RunState.SUCCEEDED));
      harness.stop();

      assertThat(logs.events()).filteredOn(e -> e.getFormattedMessage().startsWith("database not reachable"))
          .singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
              .matches("database not reachable at \\S+ \\(.+\\); waiting for it, next try in 0\\.5s"));
      assertThat(logs.events()).extracting(ILoggingEvent::getFormattedMessage).contains("database reachable; starting");
    }
  }
}
