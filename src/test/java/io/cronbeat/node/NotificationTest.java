package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronbeat.cli.CliRun;
import io.cronbeat.run.RunKind;
import io.cronbeat.run.RunState;
import io.cronbeat.store.TestStore;
import io.cronbeat.testing.HookReceiver;
import io.cronbeat.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Notices about runs: the webhook's documented body, the timeout event, and the delivery recorded with the run. */
class NotificationTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL"})
  void aTimedOutRunSendsItsTimeoutAndFailureNoticesWithTheDocumentedBody(TestStore.Kind kind) throws Exception {
    SettableClock clock = new SettableClock(Instant.now());
    try (HookReceiver hook = new HookReceiver(); NodeHarness harness = new NodeHarness(kind, dir)
        .set("CRONBEAT_HTTP_PUBLIC_URL", "https://cron.example.com")
        .set("CRONBEAT_NODE_KILL_GRACE", "1s").set("CRONBEAT_NODE_RECOVERY_MARGIN", "2s")) {
      harness.jobs("jobs.yaml", """
          jobs:
            slow:
              command: echo working; sleep 30
              timeout: 1s
              notify:
                webhook: %s/hooks/cron
                headers: {Authorization: "Bearer ${HOOK_SECRET}"}
                on: [failure, timeout]
              env: {HOOK_SECRET: s3cret-for-the-hook}
          """.formatted(hook.url()));
      try (Node node = Node.manual(harness.config(), clock)) {
        long id = harness.runs().enqueue("slow", RunKind.MANUAL, clock.instant(), 1, clock.instant(), null);
        assertThat(node.claimPass()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> hook.received().size() == 2);

        assertThat(harness.history().find(id).orElseThrow().state()).isEqualTo(RunState.TIMED_OUT);
        List<String> events = new ArrayList<>();
        for (HookReceiver.Request request : hook.received()) {
          assertThat(request.method()).isEqualTo("POST");
          assertThat(request.uri()).isEqualTo("/hooks/cron");
          assertThat(request.authorization()).isEqualTo("Bearer s3cret-for-the-hook");
          JsonNode body = JSON.readTree(request.body());
          events.add(body.get("event").asString());
          List<String> fields = new ArrayList<>();
          body.propertyNames().forEach(fields::add);
          assertThat(fields).containsExactly("event", "job", "runId", "attempt", "state", "exitCode", "durationMs", "outputTail",
              "scheduledAt", "overdueSince", "node", "link");
          assertThat(body.get("job").asString()).isEqualTo("slow");
          assertThat(body.get("runId").asLong()).isEqualTo(id);
          assertThat(body.get("attempt").asInt()).isEqualTo(1);
          assertThat(body.get("state").asString()).isEqualTo("TIMED_OUT");
          assertThat(body.get("exitCode").isNull()).isTrue();
          assertThat(body.get("durationMs").asLong()).isBetween(1000L, 15_000L);
          assertThat(body.get("outputTail").asString()).contains("working");
          assertThat(body.get("scheduledAt").isNull()).as("a manual run has no firing").isTrue();
          assertThat(body.get("node").asString()).isEqualTo(node.id());
          assertThat(body.get("link").asString()).isEqualTo("https://cron.example.com/api/runs/" + id);
        }
        assertThat(events).containsExactlyInAnyOrder("failure", "timeout");

        await().atMost(Duration.ofSeconds(10)).until(() -> CliRun.of(clock, harness.env(), "history", "--json").out()
            .split("\"DELIVERED\"", -1).length == 3);
        JsonNode history = JSON.readTree(CliRun.of(clock, harness.env(), "history", "--json").out());
        JsonNode notifications = history.get(0).get("notifications");
        assertThat(notifications).hasSize(2);
        assertThat(notifications.get(0).get("target").asString()).isEqualTo(hook.url() + "/hooks/cron");
        assertThat(notifications.get(0).get("tries").asInt()).isEqualTo(1);
        assertThat(notifications.get(0).get("lastStatus").asInt()).isEqualTo(200);
      }
    }
  }
}
