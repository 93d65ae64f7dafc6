package io.cronbeat.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronbeat.store.TestStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, must show 8: SIGTERM to a node whose five jobs ignore SIGTERM. With shutdown grace
 * 2 s and kill grace 2 s the node must be gone within 8 s (trees stopped in parallel, not one
 * after another), and so must every process group of its jobs.
 */
class SigtermDrainIT {

  private static final int JOBS = 5;
  private static final Duration LIMIT = Duration.ofSeconds(8);

  @TempDir Path dir;

  @Test
  void nodeExitsWithinGracePlusKillGraceAndLeavesNoJobProcess() throws Exception {
    try (FaultCluster cluster = FaultCluster.on(TestStore.Kind.POSTGRESQL, dir)) {
      cluster.verify(() -> {
        Path pids = dir.resolve("stubborn.pids");
        StringBuilder yaml = new StringBuilder("jobs:\n");
        // sleep inherits the ignored TERM from its shell: the whole tree ignores it.
        IntStream.rangeClosed(1, JOBS).forEach(i -> yaml.append("  stubborn-").append(i)
            .append(":\n    command: echo $$ >> ").append(pids).append("; trap '' TERM; sleep 600\n"));
        cluster.jobs(yaml.toString());
        NodeProcess node = cluster.start("a", false,
            Map.of("CRONBEAT_NODE_SHUTDOWN_GRACE", "2s", "CRONBEAT_NODE_KILL_GRACE", "2s")).awaitStarted(Duration.ofSeconds(90));
        List<Long> ids = IntStream.rangeClosed(1, JOBS).mapToObj(i -> cluster.tables().enqueue("stubborn-" + i, 1)).toList();
        await("every job runs").atMost(Duration.ofSeconds(30))
            .until(() -> Files.exists(pids) && Files.readAllLines(pids).size() == JOBS);
        List<Long> shells = Files.readAllLines(pids).stream().map(String::trim).map(Long::parseLong).toList();
        Set<Long> groups = new HashSet<>();
        shells.forEach(pid -> ProcessGroups.of(pid).ifPresent(groups::add));
        List<Long> members = ProcessGroups.members(groups);
        assertThat(members).as("precondition: the jobs and their sleeps run").hasSizeGreaterThanOrEqualTo(2 * JOBS);

        Instant term = node.sigterm();
        // Wait well past the limit, so that a failure says how long it really took.
        boolean exited = node.awaitExit(Duration.ofSeconds(75));
        long took = Duration.between(term, Instant.now()).toMillis();
        List<Long> left = ProcessGroups.members(groups);
        System.out.println("FAULT-SIGTERM node exited=" + exited + " after " + took + " ms; job groups " + groups
            + " members left " + left);
        new Summary("8 SIGTERM, 5 jobs ignoring TERM, grace 2s + kill grace 2s", JOBS, cluster.tables().runs().size(), 0,
            cluster.tables().attempts().stream().filter(row -> "LOST".equals(row.outcome())).count(), took).print();

        assertThat(exited).as("the node exits after SIGTERM").isTrue();
        assertThat(Duration.ofMillis(took)).as("time from SIGTERM to exit").isLessThanOrEqualTo(LIMIT);
        assertThat(left).as("processes left in the jobs' groups " + groups).isEmpty();
        assertThat(shells).as("the jobs' shells").noneMatch(ProcessGroups::alive);
        assertThat(ids).as("the runs are not left RUNNING")
            .allSatisfy(id -> assertThat(cluster.tables().run(id).orElseThrow().state()).isNotEqualTo("RUNNING"));
      });
    }
  }
}
