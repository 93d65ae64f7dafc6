package io.cronbeat.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronbeat.store.TestStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, must show 2: a chain of three jobs on two node processes sharing PostgreSQL. The
 * middle job fails its first attempt; its second attempt hangs, and the node running it is
 * killed with SIGKILL; the other node recovers the run and its third attempt succeeds. The last
 * job runs exactly once per successful middle run, with that run's id in its environment. A
 * second trip down the chain, undisturbed, shows "once per run" is not "once ever".
 */
class ChainSigkillIT {

  @TempDir Path dir;

  @Test
  void theChainContinuesOnTheOtherNodeAfterTheMiddleJobsNodeIsKilled() throws Exception {
    try (FaultCluster cluster = FaultCluster.on(TestStore.Kind.POSTGRESQL, dir)) {
      cluster.verify(() -> {
        Path ledger = dir.resolve("chain-ledger.txt");
        Path hangOnce = Files.writeString(dir.resolve("hang-once"), "");
        // Each attempt writes "JOB RUN ATTEMPT UPSTREAM_RUN UPSTREAM_JOB UPSTREAM_STATE" first; the middle
        // job's shell records its pid for the clean-up, fails attempt 1, and hangs once on a later one.
        String record = "echo \\\"$CRONBEAT_JOB $CRONBEAT_RUN_ID $CRONBEAT_ATTEMPT $CRONBEAT_UPSTREAM_RUN_ID"
            + " $CRONBEAT_UPSTREAM_JOB $CRONBEAT_UPSTREAM_STATE\\\" >> " + ledger;
        cluster.jobs("""
            jobs:
              first:
                command: "%1$s"
              middle:
                command: "%1$s; echo $$ >> %2$s/middle.pids; if [ $CRONBEAT_ATTEMPT = 1 ]; then exit 1; fi; if rm %3$s 2>/dev/null; then sleep 120; fi"
                retry: {attempts: 2, backoff: 1s}
                after: {job: first, on: success}
              last:
                command: "%1$s"
                after: {job: middle, on: success}
            """.formatted(record, dir, hangOnce));
        // One after the other: b started during a's migration once failed with "sleep interrupted", a start-up
        // race that is not this test's subject.
        List<NodeProcess> nodes = new ArrayList<>();
        for (String name : List.of("a", "b")) {
          nodes.add(cluster.start(name, false, Map.of()).awaitStarted(Duration.ofSeconds(120)));
        }

        String queued = cluster.cli("trigger", "first", "--with-downstream");
        assertThat(queued).startsWith("queued run ");
        await("the middle job's hanging attempt").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
            .until(() -> !Files.exists(hangOnce));
        Tables.RunRow middle = cluster.tables().runs().stream().filter(r -> r.job().equals("middle")).findFirst().orElseThrow();
        String owner = cluster.tables().run(middle.id()).orElseThrow().nodeId();
        NodeProcess doomed = nodes.stream().filter(n -> owner.contains("-" + n.pid() + "-")).findFirst().orElseThrow();
        doomed.sigkill();
        NodeProcess survivor = nodes.stream().filter(n -> n != doomed).findFirst().orElseThrow();

        await("the last job after the recovered middle run").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
            .until(() -> runsOf(cluster, "last").stream().anyMatch(r -> r.finishedAt() != null));
        // The second trip: nothing hangs or dies.
        cluster.cli("trigger", "first", "--with-downstream");
        await("the second trip's last job").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
            .until(() -> runsOf(cluster, "last").size() == 2 && runsOf(cluster, "last").stream().allMatch(r -> r.finishedAt() != null));

        List<Tables.RunRow> firsts = runsOf(cluster, "first");
        List<Tables.RunRow> middles = runsOf(cluster, "middle");
        List<Tables.RunRow> lasts = runsOf(cluster, "last");
        assertThat(middles).extracting(Tables.RunRow::state).containsExactly("SUCCEEDED", "SUCCEEDED");
        assertThat(cluster.tables().attempts(middles.get(0).id())).extracting(Tables.AttemptRow::outcome)
            .containsExactly("FAILED", "LOST", "SUCCEEDED");
        assertThat(cluster.tables().attempts(middles.get(0).id()).get(2).nodeId()).contains("-" + survivor.pid() + "-");
        assertThat(lasts).extracting(Tables.RunRow::kind, Tables.RunRow::state).containsOnly(
            Tuple.tuple("CHAIN", "SUCCEEDED"));
        List<String> lines = Files.readAllLines(ledger);
        assertThat(lines.stream().filter(l -> l.startsWith("last ")).toList()).as("one last run per successful middle run")
            .containsExactly(
                "last " + lasts.get(0).id() + " 1 " + middles.get(0).id() + " middle SUCCEEDED",
                "last " + lasts.get(1).id() + " 1 " + middles.get(1).id() + " middle SUCCEEDED");
        assertThat(lines.stream().filter(l -> l.startsWith("middle " + middles.get(0).id() + " ")).toList()).containsExactly(
            "middle " + middles.get(0).id() + " 1 " + firsts.get(0).id() + " first SUCCEEDED",
            "middle " + middles.get(0).id() + " 2 " + firsts.get(0).id() + " first SUCCEEDED",
            "middle " + middles.get(0).id() + " 3 " + firsts.get(0).id() + " first SUCCEEDED");
        System.out.println("FAULT-CHAIN node " + doomed.name() + " killed while running middle run " + middles.get(0).id()
            + "; ledger: " + lines);
      });
    }
  }

  private static List<Tables.RunRow> runsOf(FaultCluster cluster, String job) {
    return cluster.tables().runs().stream().filter(r -> r.job().equals(job)).toList();
  }
}
