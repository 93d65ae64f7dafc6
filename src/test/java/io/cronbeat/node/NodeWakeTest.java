package io.cronbeat.node;

import static org.awaitility.Awaitility.await;

import io.cronbeat.run.RunKind;
import io.cronbeat.run.RunState;
import io.cronbeat.store.TestStore;
import io.cronbeat.testing.HttpCalls;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node told to look at its queue (from outside, or by its own API) does so at once, not at its next node.poll. */
class NodeWakeTest {

  @TempDir Path dir;

  /**
   * Runs made due from outside the node (another process writing the store, the benchmark) are
   * claimed as soon as the node is woken, as a firing on the node wakes it; the poll here is a
   * minute, far beyond the wait.
   */
  @Test
  void aRunQueuedFromOutsideStartsWhenTheNodeIsWokenNotAtItsNextPoll() throws Exception {
    try (NodeHarness harness = new NodeHarness(TestStore.Kind.H2, dir)) {
      harness.set("CRONBEAT_NODE_POLL", "60s").jobs("work.yaml", "jobs:\n  work:\n    command: 'true'\n");
      Node node = harness.start();
      for (int i = 0; i < 2; i++) {
        // The second run is queued after the first one's end: the node is waiting for its poll by then.
        long id = harness.runs().enqueue("work", RunKind.MANUAL, Instant.now(), 1, Instant.now(), null);
        node.wake();
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.history().find(id).orElseThrow().state() == RunState.SUCCEEDED);
      }
    }
  }

  /** A run triggered through the node's API (or its dashboard) starts there at once, not at its next poll. */
  @Test
  void aRunTriggeredThroughTheApiStartsAtOnceNotAtTheNextPoll() throws Exception {
    int port = HttpCalls.freePort();
    String token = "wake-test-token-0123456789";
    try (NodeHarness harness = new NodeHarness(TestStore.Kind.H2, dir)) {
      harness.set("CRONBEAT_NODE_POLL", "60s").set("CRONBEAT_HTTP_PORT", Integer.toString(port))
          .set("CRONBEAT_HTTP_TOKEN", token).jobs("work.yaml", "jobs:\n  work:\n    command: 'true'\n");
      harness.start();
      ApiClient api = new ApiClient(port, token);
      for (int i = 0; i < 2; i++) {
        long id = api.post("/api/jobs/work/runs", "{}").json().get("id").asLong();
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.history().find(id).orElseThrow().state() == RunState.SUCCEEDED);
      }
    }
  }
}
