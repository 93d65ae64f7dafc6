package io.cronbeat.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronbeat.store.TestStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, must show 4: three nodes, N jobs firing every second for a window, one node killed
 * with SIGKILL half-way. Every (job, second) of the window is recorded exactly once in cb_runs,
 * whatever happened to it, and no run succeeds twice.
 *
 * <p>The issue asks for 100 jobs over 60 s. {@code -Dfault.jobs=N} and {@code -Dfault.seconds=S}
 * change both (the default is the issue's), because this machine may not keep up with 100 firings
 * a second on three JVMs and two cores; the assertion stays exactly-once whatever N is.
 */
class ClusterSigkillIT {

  private static final int JOBS = Integer.getInteger("fault.jobs", 100);
  private static final int SECONDS = Integer.getInteger("fault.seconds", 60);

  @TempDir Path dir;

  @Test
  void everyFiringIsRecordedExactlyOnceWhenANodeIsKilledHalfWay() throws Exception {
    try (FaultCluster cluster = FaultCluster.on(TestStore.Kind.POSTGRESQL, dir)) {
      cluster.verify(() -> {
        StringBuilder yaml = new StringBuilder("jobs:\n");
        IntStream.rangeClosed(1, JOBS).forEach(i -> yaml.append("  every-").append(i)
            .append(":\n    schedule: '@every 1s'\n    command: ['true']\n"));
        cluster.jobs(yaml.toString());
        Map<String, String> threads = Map.of("CRONBEAT_EXECUTOR_THREADS", "16");
        List<NodeProcess> nodes = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
          nodes.add(cluster.start(name, false, threads));
        }
        nodes.forEach(node -> node.awaitStarted(Duration.ofSeconds(120)));
        Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(2);
        Instant to = from.plusSeconds(SECONDS);
        Instant killAt = from.plusSeconds(SECONDS / 2);

        await("half the window").pollDelay(nonNegative(Duration.between(Instant.now(), killAt)))
            .atMost(Duration.ofSeconds(SECONDS)).until(() -> true);
        Instant killed = nodes.get(2).sigkill();
        System.out.println("FAULT-CLUSTER nodes " + nodes.stream().map(n -> n.name() + "=pid " + n.pid()).toList()
            + "; c killed");
        await("the window").pollDelay(nonNegative(Duration.between(Instant.now(), to)))
            .atMost(Duration.ofSeconds(SECONDS)).until(() -> true);
        await("every firing of the window is decided").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
            .until(() -> inWindow(cluster.tables().runs(), from, to).stream().noneMatch(r -> r.finishedAt() == null));

        List<Tables.RunRow> runs = inWindow(cluster.tables().runs(), from, to);
        Map<Long, Long> succeededAttempts = cluster.tables().attempts().stream().filter(a -> "SUCCEEDED".equals(a.outcome()))
            .collect(Collectors.groupingBy(Tables.AttemptRow::runId, Collectors.counting()));
        Map<Long, Long> lostAttempts = cluster.tables().attempts().stream().filter(a -> "LOST".equals(a.outcome()))
            .collect(Collectors.groupingBy(Tables.AttemptRow::runId, Collectors.counting()));
        Map<String, Long> states = runs.stream().collect(Collectors.groupingBy(Tables.RunRow::state, TreeMap::new,
            Collectors.counting()));
        Instant lastDisturbed = runs.stream().filter(r -> !r.scheduledAt().isBefore(killed.truncatedTo(ChronoUnit.SECONDS)))
            .filter(r -> !r.state().equals("SUCCEEDED") || lostAttempts.containsKey(r.id()))
            .map(Tables.RunRow::scheduledAt).max(Instant::compareTo).orElse(killed);
        long recovery = Math.max(0, Duration.between(killed, lastDisturbed.plusSeconds(1)).toMillis());
        System.out.println("FAULT-CLUSTER jobs=" + JOBS + " seconds=" + SECONDS + " states=" + states + " lost attempts="
            + lostAttempts.size() + " recovery=" + recovery + " ms (kill to the end of the last second with a firing"
            + " not simply executed)");
        Map<Long, Long> notExecutedBySecond = runs.stream().filter(r -> !r.state().equals("SUCCEEDED"))
            .collect(Collectors.groupingBy(r -> Duration.between(from, r.scheduledAt()).toSeconds(), TreeMap::new,
                Collectors.counting()));
        Map<String, Long> reasons = runs.stream().filter(r -> !r.state().equals("SUCCEEDED") && !r.state().equals("MISSED"))
            .collect(Collectors.groupingBy(r -> r.state() + ": " + r.reason(), TreeMap::new, Collectors.counting()));
        System.out.println("FAULT-CLUSTER neither executed nor missed: " + reasons);
        List<Tables.AttemptRow> allAttempts = cluster.tables().attempts();
        runs.stream().filter(r -> r.state().equals("CANCELLED")).forEach(r -> System.out.println("FAULT-CLUSTER cancelled run "
            + r.id() + " " + r.job() + " second " + Duration.between(from, r.scheduledAt()).toSeconds() + " (node c killed at "
            + Duration.between(from, killed).toMillis() + " ms) attempts " + allAttempts.stream().filter(a -> a.runId() == r.id())
            .map(a -> a.attempt() + ":" + a.outcome() + "@" + a.nodeId() + " " + a.reason().orElse("")).toList()
            + nodes.stream().flatMap(n -> n.logText().lines().filter(line -> line.contains("run=" + r.id() + " "))).toList()));
        // A process stopped right after its start names only its group, not its run.
        nodes.stream().flatMap(n -> n.logText().lines().filter(line -> line.contains("recording its start failed"))).limit(3)
            .forEach(line -> System.out.println("FAULT-CLUSTER " + line));
        System.out.println("FAULT-CLUSTER firings not executed, by second of the window (kill at " + SECONDS / 2 + "): "
            + notExecutedBySecond);
        new Summary("4 3 nodes, " + JOBS + " jobs @every 1s, " + SECONDS + "s, SIGKILL at " + SECONDS / 2 + "s; executed="
            + states.getOrDefault("SUCCEEDED", 0L) + " missed=" + states.getOrDefault("MISSED", 0L) + " other=" + (runs.size()
            - states.getOrDefault("SUCCEEDED", 0L) - states.getOrDefault("MISSED", 0L)), (long) JOBS * SECONDS,
            runs.size(), succeededAttempts.values().stream().filter(n -> n > 1).count(), lostAttempts.size(), recovery).print();

        Map<String, List<Instant>> byJob = runs.stream().collect(Collectors.groupingBy(Tables.RunRow::job,
            Collectors.mapping(Tables.RunRow::scheduledAt, Collectors.toList())));
        List<Instant> seconds = IntStream.range(0, SECONDS).mapToObj(from::plusSeconds).toList();
        for (int i = 1; i <= JOBS; i++) {
          List<Instant> recorded = byJob.getOrDefault("every-" + i, List.of()).stream().sorted().toList();
          assertThat(recorded).as("job every-%d: each second of %s..%s recorded exactly once", i, from, to)
              .containsExactlyElementsOf(seconds);
        }
        assertThat(succeededAttempts).as("runs that succeeded more than once")
            .allSatisfy((run, count) -> assertThat(count).as("run %d", run).isEqualTo(1L));
        assertThat(runs).as("runs left unfinished").allMatch(r -> r.finishedAt() != null);
        assertThat(runs).as("runs CANCELLED though nobody cancelled any").noneMatch(r -> r.state().equals("CANCELLED"));
      });
    }
  }

  private static List<Tables.RunRow> inWindow(List<Tables.RunRow> runs, Instant from, Instant to) {
    return runs.stream().filter(r -> r.scheduledAt() != null && !r.scheduledAt().isBefore(from) && r.scheduledAt().isBefore(to))
        .toList();
  }

  private static Duration nonNegative(Duration duration) {
    return duration.isNegative() ? Duration.ZERO : duration;
  }
}
