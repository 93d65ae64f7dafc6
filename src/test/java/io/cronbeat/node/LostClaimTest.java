package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronbeat.exec.Executor;
import io.cronbeat.exec.ProcessResult;
import io.cronbeat.store.Jdbc;
import io.cronbeat.store.TestStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A claim pass that finds the runs it read taken by another claim looks again at once, past them,
 * instead of idling until its next node.poll: two nodes polling in step read the same oldest runs,
 * and the second to claim lost every pass while the other drained a backlog alone. The other claim
 * is the test's transaction holding the two oldest rows, as a peer's claim does until it commits:
 * PostgreSQL and MariaDB pass over rows a claim holds (H2 waits for them, so it is not run here).
 */
class LostClaimTest {

  private static final Executor SUCCEEDS = (spec, handle) -> new ProcessResult(ProcessResult.Outcome.SUCCEEDED, 0, "", "");

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"POSTGRESQL", "MARIADB"})
  void aPassThatLostItsRunsClaimsTheNextOnesWithoutWaitingForThePoll(TestStore.Kind kind) throws Exception {
    try (NodeHarness harness = new NodeHarness(kind, dir).set("CRONBEAT_EXECUTOR_THREADS", "2")
        .set("CRONBEAT_NODE_POLL", "60s")) {
      Node node = harness.start(SUCCEEDS);
      Jdbc jdbc = harness.jdbc();
      List<Long> ids = harness.queueBacklog("contended", 6);
      List<Long> held = ids.subList(0, 2);
      List<Long> rest = ids.subList(2, 6);

      jdbc.transaction(connection -> {
        for (long id : held) {
          Jdbc.query(connection, "SELECT id FROM cb_runs WHERE id = ? FOR UPDATE", row -> row.getLong(1), id);
        }
        // With two executor threads the pass reads the four oldest runs and claims the two it has
        // room for: the held ones, which it passes over as taken.
        node.claimPass();

        await().atMost(Duration.ofSeconds(20)).until(() -> states(jdbc, rest).stream().allMatch("SUCCEEDED"::equals));
        assertThat(states(jdbc, held)).as("the held runs, while held").containsOnly("QUEUED");
        return null;
      });

      assertThat(jdbc.query("SELECT DISTINCT node_id FROM cb_attempts", row -> row.getString(1)))
          .containsExactly(node.id());
    }
  }

  private static List<String> states(Jdbc jdbc, List<Long> ids) {
    List<String> states = new ArrayList<>();
    for (long id : ids) {
      states.add(jdbc.query("SELECT state FROM cb_runs WHERE id = ?", row -> row.getString(1), id).get(0));
    }
    return states;
  }
}
