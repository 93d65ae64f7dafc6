package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cronbeat.CronbeatException;
import io.cronbeat.store.NodeTable;
import io.cronbeat.store.TestStore;
import io.cronbeat.testing.HttpCalls;
import io.cronbeat.testing.LogCapture;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second {@code run} on the data dir of a running node: a second node of one cluster, and it says so. */
class SecondNodeTest {

  @TempDir Path dir;

  @Test
  void aSecondNodeOnTheSameDataDirSaysItJoinsTheFirst() throws Exception {
    int port = HttpCalls.freePort();
    try (LogCapture logs = LogCapture.cronbeat();
        NodeHarness harness = new NodeHarness(TestStore.Kind.H2, dir).set("CRONBEAT_HTTP_PORT", Integer.toString(port))) {
      Node first = harness.start();
      assertThat(logs.events()).noneMatch(e -> e.getFormattedMessage().contains(" joins "));

      assertThatThrownBy(() -> Node.start(harness.config(), Clock.systemUTC())).isInstanceOf(CronbeatException.class)
          .satisfies(e -> assertThat(((CronbeatException) e).hint()).endsWith("; a second node on this machine needs a port"
              + " of its own: CRONBEAT_HTTP_PORT=" + (port + 1) + " bin/scheduler run"));
      harness.set("CRONBEAT_HTTP_PORT", Integer.toString(HttpCalls.freePort()));
      try (Node second = Node.start(harness.config(), Clock.systemUTC())) {
        String host = new NodeTable(harness.jdbc()).running().stream().filter(n -> n.id().equals(first.id())).findFirst()
            .orElseThrow().host();

        assertThat(logs.events()).extracting(e -> e.getFormattedMessage()).contains("node=" + second.id()
            + " joins the node running on this store as node 2 of the cluster: " + first.id() + " on " + host + " pid "
            + ProcessHandle.current().pid() + "; each firing runs once, on one of them");
      }
    }
  }
}
