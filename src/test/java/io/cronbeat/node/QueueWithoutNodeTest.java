package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronbeat.cli.CliRun;
import io.cronbeat.run.RunState;
import io.cronbeat.store.TestStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Issue 10 item 3: a run queued while no node is up says that it waits for one. */
class QueueWithoutNodeTest {

  private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  private static NodeHarness withoutNode(TestStore.Kind kind, Path dir) throws Exception {
    NodeHarness harness = new NodeHarness(kind, dir);
    harness.jobs("jobs.yaml", "jobs:\n  backup:\n    command: 'true'\n");
    CliRun.of(Clock.systemUTC(), harness.env(), "migrate"); // no node has prepared this store
    return harness;
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL", "MARIADB"})
  void triggerAndSubmitSayThatNoNodeIsRunning(TestStore.Kind kind) throws Exception {
    try (NodeHarness harness = withoutNode(kind, dir)) {
      CliRun trigger = CliRun.of(Clock.systemUTC(), harness.env(), "trigger", "backup");
      CliRun submit = CliRun.of(Clock.systemUTC(), harness.env(), "submit", "--", "true");

      assertThat(trigger.exitCode()).isZero();
      assertThat(trigger.out()).matches("queued run \\d+ of job backup, due now\n");
      assertThat(trigger.err()).isEqualTo("no node is running; the run will start when one does\n");
      assertThat(submit.exitCode()).isZero();
      assertThat(submit.err()).isEqualTo("no node is running; the run will start when one does\n");
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2"})
  void waitingSaysItAgainEveryTenSecondsUntilItsTimeout(TestStore.Kind kind) throws Exception {
    try (NodeHarness harness = withoutNode(kind, dir)) {
      long started = System.nanoTime();
      CliRun wait = CliRun.of(Clock.systemUTC(), harness.env(), "trigger", "backup", "--wait", "--wait-timeout", "11s");
      long id = Long.parseLong(wait.out().replaceAll("(?s)queued run (\\d+).*", "$1"));

      assertThat(wait.exitCode()).isEqualTo(1);
      assertThat(wait.err()).isEqualTo("""
          no node is running; the run will start when one does
          no node is running; the run will start when one does
          run %d is still QUEUED after 11s; it stays queued (bin/scheduler cancel %d drops it)
          """.formatted(id, id));
      assertThat((System.nanoTime() - started) / 1_000_000).as("ms").isBetween(11_000L, 14_000L);
      assertThat(harness.history().find(id).orElseThrow().state()).isEqualTo(RunState.QUEUED);
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2"})
  void atInThePastIsRefusedBeyondAFewSecondsAndQueuedForNowWithinThem(TestStore.Kind kind) throws Exception {
    try (NodeHarness harness = withoutNode(kind, dir)) {
      CliRun late = CliRun.of(NOW, harness.env(), "trigger", "backup", "--at", "2026-11-23T11:59:00Z");
      CliRun justNow = CliRun.of(NOW, harness.env(), "trigger", "backup", "--at", "2026-11-23T11:59:57Z");
      CliRun timeoutAlone = CliRun.of(NOW, harness.env(), "trigger", "backup", "--wait-timeout", "1m");

      assertThat(late.exitCode()).isEqualTo(2);
      assertThat(late.out()).isEmpty();
      assertThat(late.err()).isEqualTo("""
          error: --at '2026-11-23T11:59:00Z' is 1m in the past
            hint: give a time to come (now is 2026-11-23T12:00:00Z), or leave out --at to run it now
          """);
      assertThat(justNow.exitCode()).isZero();
      assertThat(justNow.out()).matches("queued run \\d+ of job backup, due now\n");
      assertThat(justNow.err()).isEqualTo("--at is in the past: queued for now\n"
          + "no node is running; the run will start when one does\n");
      assertThat(timeoutAlone.exitCode()).isEqualTo(2);
      assertThat(timeoutAlone.err()).startsWith("error: --wait-timeout goes with --wait\n");
      assertThat(harness.history().history("backup", 10)).hasSize(1);
    }
  }
}
