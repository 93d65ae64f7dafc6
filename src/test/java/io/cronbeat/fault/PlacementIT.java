package io.cronbeat.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronbeat.store.TestStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 12, must show 1 and 3, with three node processes on PostgreSQL: node a has role=web, b
 * and c role=backup. Jobs pinned to a role run only on its nodes (a ledger of $CRONBEAT_JOB and
 * $CRONBEAT_NODE_ID); a job whose role no node has is shown waiting and turns overdue; ten jobs
 * of a group with limit 2 fire together, never more than two run at once (the ledger of their
 * processes), and all ten complete.
 */
class PlacementIT {

  private static final int GROUP_JOBS = 10;
  private static final int GROUP_JOB_SECONDS = 2;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;

  @Test
  void pinnedJobsRunOnlyOnMatchingNodesAndAGroupNeverRunsMoreThanItsLimit() throws Exception {
    try (FaultCluster cluster = FaultCluster.on(TestStore.Kind.POSTGRESQL, dir)) {
      cluster.verify(() -> {
        Path nodesLedger = dir.resolve("nodes-ledger.txt");
        String record = "echo \"$CRONBEAT_JOB $CRONBEAT_NODE_ID\" >> " + nodesLedger;
        StringBuilder yaml = new StringBuilder("jobs:\n");
        for (String role : List.of("web", "backup")) {
          for (int i = 1; i <= 2; i++) {
            yaml.append("  ").append(role).append('-').append(i).append(":\n    schedule: '@every 2s'\n    command: '")
                .append(record).append("'\n    nodes: {role: ").append(role).append("}\n");
          }
        }
        yaml.append("  archive:\n    schedule: '@every 5s'\n    command: 'true'\n    nodes: {role: archive}\n"
            + "    expect: 2s\n");
        IntStream.rangeClosed(1, GROUP_JOBS).forEach(i -> yaml.append("  heavy-").append(i)
            .append(":\n    schedule: '@every 30s'\n    command: ").append(cluster.ledgerCommand(GROUP_JOB_SECONDS))
            .append("\n    concurrency: {group: db-heavy, limit: 2}\n"));
        cluster.jobs(yaml.toString());
        List<NodeProcess> nodes = new ArrayList<>();
        nodes.add(cluster.start("a", false, Map.of("CRONBEAT_NODE_LABELS", "role=web")));
        nodes.add(cluster.start("b", false, Map.of("CRONBEAT_NODE_LABELS", "role=backup,host=b")));
        nodes.add(cluster.start("c", false, Map.of("CRONBEAT_NODE_LABELS", "role=backup,host=c")));
        nodes.forEach(node -> node.awaitStarted(Duration.ofSeconds(120)));
        Instant started = Instant.now();

        // Every heavy job's first firing after the start has completed, and the pinned jobs ran a few times each.
        await("ten heavy runs and the pinned jobs").atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(2))
            .until(() -> heavySucceeded(cluster, started).size() == GROUP_JOBS && pinnedRuns(nodesLedger) >= 12);

        Map<String, String> roleOfNode = new HashMap<>();
        for (JsonNode node : JSON.readTree(cluster.cli("status", "--json")).get("nodes")) {
          roleOfNode.put(node.get("id").asString(), node.get("labels").get("role").asString());
        }
        assertThat(roleOfNode.values()).containsExactlyInAnyOrder("web", "backup", "backup");
        List<String[]> ledger = Files.readAllLines(nodesLedger).stream().map(line -> line.split(" ")).toList();
        Map<String, Set<String>> nodesOfJob = ledger.stream().collect(Collectors.groupingBy(f -> f[0],
            Collectors.mapping(f -> f[1], Collectors.toSet())));
        System.out.println("PLACEMENT pinned runs " + ledger.size() + ", nodes of each job " + nodesOfJob);
        assertThat(nodesOfJob.keySet()).containsExactlyInAnyOrder("web-1", "web-2", "backup-1", "backup-2");
        for (String[] line : ledger) {
          assertThat(roleOfNode.get(line[1])).as("%s ran on %s", line[0], line[1]).isEqualTo(line[0].replaceAll("-\\d+$", ""));
        }

        // archive: no node has role=archive. Its firings wait, say so, and the watchdog flags it.
        String history = cluster.cli("history", "archive");
        assertThat(history).contains("QUEUED").contains("waiting for a node with role=archive");
        assertThat(cluster.cli("list", "--overdue")).containsPattern("archive +@every 5s ");
        assertThat(cluster.cli("status")).contains("  archive  ").contains("waiting for a node with role=archive");
        assertThat(cluster.tables().attempts().stream().filter(a -> cluster.tables().run(a.runId()).orElseThrow().job()
            .equals("archive"))).as("attempts of archive").isEmpty();

        // The group: never more than two of its processes alive at once, whichever nodes ran them.
        List<Ledger.Life> lives = cluster.ledger().all();
        int most = mostAtOnce(lives);
        Map<String, Long> byNode = cluster.tables().attempts().stream()
            .filter(a -> lives.stream().anyMatch(l -> l.run() == a.runId()))
            .collect(Collectors.groupingBy(Tables.AttemptRow::nodeId, Collectors.counting()));
        System.out.println("PLACEMENT heavy attempts " + lives.size() + ", most alive at once " + most + ", by node " + byNode);
        assertThat(most).as("heavy processes alive at once").isEqualTo(2);
      });
    }
  }

  /** The heavy jobs whose first firing after {@code after} succeeded. */
  private static Set<String> heavySucceeded(FaultCluster cluster, Instant after) {
    return cluster.tables().runs().stream().filter(r -> r.job().startsWith("heavy-") && r.scheduledAt() != null
        && r.scheduledAt().isAfter(after) && r.state().equals("SUCCEEDED")).map(Tables.RunRow::job).collect(Collectors.toSet());
  }

  private static long pinnedRuns(Path ledger) throws Exception {
    return Files.exists(ledger) ? Files.readAllLines(ledger).size() : 0;
  }

  /** The most lives that overlap at one instant: a sweep over their starts and last signs. */
  private static int mostAtOnce(List<Ledger.Life> lives) {
    List<long[]> events = new ArrayList<>();
    for (Ledger.Life life : lives) {
      events.add(new long[] {life.start().toEpochMilli(), 1});
      events.add(new long[] {life.lastSign().toEpochMilli(), -1});
    }
    events.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1])); // an end before a start at one instant
    int alive = 0;
    int most = 0;
    for (long[] event : events) {
      alive += (int) event[1];
      most = Math.max(most, alive);
    }
    return most;
  }
}
