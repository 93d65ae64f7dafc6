package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronbeat.cli.CliRun;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunState;
import io.cronbeat.store.NotificationTable;
import io.cronbeat.store.TestStore;
import io.cronbeat.testing.HookReceiver;
import io.cronbeat.testing.LogCapture;
import io.cronbeat.testing.PrometheusText;
import io.cronbeat.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The watchdog: a job with {@code expect: 30s} whose node stopped before its firing. Nodes are
 * stepped by hand on a settable clock. The scenario: a node syncs the job and stops; the
 * firing's time and its grace pass with no node up, and the CLI, reading only the store, shows
 * the job overdue; a node comes back and its upkeep (before it has fired anything: it cannot
 * run that firing in time any more) notices the episode and notifies once, however many passes,
 * nodes and restarts look at it; the node then fires and runs the job, and the episode ends with
 * one recovery notice.
 */
class WatchdogTest {

  private static final String TOKEN = "tok-4f1d9a7c2b";
  private static final String QUERY_SECRET = "qs-77e0c5d1aa";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;

  private static void at(SettableClock clock, Instant instant) {
    clock.advance(Duration.between(clock.instant(), instant));
  }

  private static List<NotificationTable.Delivery> notices(NodeHarness harness, String event) {
    return new NotificationTable(harness.jdbc()).ofJob("report", 100).stream().filter(d -> d.event().equals(event)).toList();
  }

  private static List<HookReceiver.Request> bodies(HookReceiver hook, String event) {
    return hook.received().stream().filter(r -> r.body().contains("\"event\":\"" + event + "\"")).toList();
  }

  private static double overdueGauge(Node node) {
    return PrometheusText.parse(node.metricsText()).value("cronbeat_job_overdue", Map.of("job", "report")).orElseThrow();
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aJobWhoseNodeIsStoppedTurnsOverdueAndItsHookFiresOncePerEpisode(TestStore.Kind kind) throws Exception {
    // Quartz computes the trigger's first fire time on the wall clock, the watchdog from the job's
    // sync time on this clock: start early enough in a minute that the node's start does not cross
    // into the next one, so both name the same first firing (on a real node both clocks agree).
    await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().atZone(ZoneOffset.UTC).getSecond() <= 40);
    SettableClock clock = new SettableClock(Instant.now());
    try (HookReceiver hook = new HookReceiver().answer(500); LogCapture logs = LogCapture.cronbeat();
        NodeHarness harness = new NodeHarness(kind, dir)) {
      harness.jobs("jobs.yaml", """
          jobs:
            report:
              schedule: "@every 1m"
              command: "true"
              expect: 30s
              env: {HOOK_TOKEN: %s}
              notify:
                webhook: %s/hook/${HOOK_TOKEN}?key=%s
                on: [overdue, recovery]
          """.formatted(TOKEN, hook.url(), QUERY_SECRET));
      Instant due;
      try (Node first = Node.manual(harness.config(), clock)) {
        due = Instant.ofEpochMilli(harness.jdbc().query("SELECT NEXT_FIRE_TIME FROM QRTZ_TRIGGERS", r -> r.getLong(1)).get(0));
      }
      assertThat(due).isEqualTo(clock.instant().truncatedTo(ChronoUnit.MINUTES).plusSeconds(60));

      // No node is up. Within the grace the job is not overdue; past it, the CLI says so from the store alone.
      at(clock, due.plusSeconds(29));
      assertThat(CliRun.of(clock, harness.env(), "list", "--overdue").err()).isEqualTo("no job is overdue\n");
      at(clock, due.plusSeconds(90));
      CliRun list = CliRun.of(clock, harness.env(), "list");
      CliRun status = CliRun.of(clock, harness.env(), "status");
      JsonNode listJson = JSON.readTree(CliRun.of(clock, harness.env(), "list", "--json").out());
      JsonNode statusJson = JSON.readTree(CliRun.of(clock, harness.env(), "status", "--json").out());

      assertThat(list.out()).containsPattern("JOB +SCHEDULE +ZONE +NEXT +LAST +OVERDUE\n")
          .containsPattern("report +@every 1m +UTC .* +1 m\n");
      assertThat(status.out()).contains("overdue: 1\n  report  due " + due.toString().substring(5, 16).replace('T', ' ')
          + " UTC, 1 m overdue\n");
      assertThat(listJson.get(0).get("overdue").get("due").asString()).isEqualTo(due.toString());
      assertThat(listJson.get(0).get("overdue").get("since").asString()).isEqualTo(due.plusSeconds(30).toString());
      assertThat(statusJson.get("overdue").get(0).get("job").asString()).isEqualTo("report");

      // A node comes back. Its upkeep notices the episode before it fires anything; other passes, a second
      // node and a restart of the first find it recorded and stay quiet.
      try (Node back = Node.manual(harness.config(), clock); Node peer = Node.manual(harness.config(), clock)) {
        back.upkeepPass();
        back.upkeepPass();
        peer.upkeepPass();
        // The receiver answers the first try 500: the notice is sent again after 1 s.
        await().atMost(Duration.ofSeconds(15)).until(() -> notices(harness, "overdue").stream()
            .anyMatch(d -> d.state() == NotificationTable.State.DELIVERED));
        back.upkeepPass();
        assertThat(overdueGauge(back)).isEqualTo(1.0);
        assertThat(overdueGauge(peer)).isEqualTo(1.0);
      }
      try (Node restarted = Node.manual(harness.config(), clock)) {
        restarted.upkeepPass();

        // It fires and runs the job now: the success (of a later firing: catch-up: latest) ends the episode.
        restarted.firePass(10);
        assertThat(restarted.claimPass()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.runsOf("report").stream()
            .anyMatch(run -> run.state() == RunState.SUCCEEDED));
        restarted.upkeepPass();
        restarted.upkeepPass();
        await().atMost(Duration.ofSeconds(15)).until(() -> !bodies(hook, "recovery").isEmpty());
        restarted.upkeepPass();
        assertThat(overdueGauge(restarted)).isEqualTo(0.0);
        assertThat(CliRun.of(clock, harness.env(), "list", "--overdue").err()).isEqualTo("no job is overdue\n");
      }

      List<NotificationTable.Delivery> overdue = notices(harness, "overdue");
      assertThat(overdue).as("one overdue notice for the episode").hasSize(1);
      assertThat(overdue.get(0).state()).isEqualTo(NotificationTable.State.DELIVERED);
      assertThat(overdue.get(0).tries()).as("first answered 500, then delivered").isEqualTo(2);
      assertThat(overdue.get(0).lastStatus()).isEqualTo(200);
      assertThat(overdue.get(0).target()).as("recorded without its query").isEqualTo(hook.url() + "/hook/${HOOK_TOKEN}");
      assertThat(notices(harness, "recovery")).hasSize(1);
      List<HookReceiver.Request> sent = bodies(hook, "overdue");
      assertThat(sent).hasSize(2);
      assertThat(sent.get(1).body()).isEqualTo(sent.get(0).body());
      assertThat(sent.get(0).uri()).as("placeholders filled in").isEqualTo("/hook/" + TOKEN + "?key=" + QUERY_SECRET);
      JsonNode body = JSON.readTree(sent.get(0).body());
      assertThat(body.get("job").asString()).isEqualTo("report");
      assertThat(body.get("scheduledAt").asString()).isEqualTo(due.toString());
      assertThat(body.get("overdueSince").asString()).isEqualTo(due.plusSeconds(30).toString());
      assertThat(body.get("runId").isNull()).isTrue();
      assertThat(bodies(hook, "recovery")).hasSize(1);
      assertThat(logs.events()).extracting(e -> e.getFormattedMessage())
          .anyMatch(line -> line.contains("job=report event=overdue webhook " + hook.url() + "/hook/${HOOK_TOKEN}"))
          .noneMatch(line -> line.contains(TOKEN) || line.contains(QUERY_SECRET));
    }
  }
}
