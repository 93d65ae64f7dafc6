package io.cronbeat.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRunnerTest {

  @TempDir Path dir;

  private final ProcessRunner runner = new ProcessRunner(1024 * 1024, 3, Duration.ofSeconds(2));

  private ProcessSpec shell(String script, Duration timeout) {
    return new ProcessSpec(List.of("/bin/sh", "-c", script), Optional.of(dir), Map.of("GREETING", "hello"),
        Optional.ofNullable(timeout), dir.resolve("logs/out.log"));
  }

  @Test
  void runsInItsDirectoryWithItsEnvironmentAndKeepsTheOutput() throws Exception {
    ProcessResult result = runner.run(shell("echo $GREETING from $(pwd); echo oops >&2; exit 0", null),
        new ProcessRunner.Handle());

    assertThat(result.outcome()).isEqualTo(ProcessResult.Outcome.SUCCEEDED);
    assertThat(result.exitCode()).isZero();
    assertThat(Files.readString(dir.resolve("logs/out.log"))).isEqualTo("hello from " + dir.toRealPath() + "\noops\n");
    assertThat(result.tail()).isEqualTo("hello from " + dir.toRealPath() + "\noops");
  }

  @Test
  void nonZeroExitIsAFailureWithItsCode() {
    ProcessResult result = runner.run(shell("exit 7", null), new ProcessRunner.Handle());

    assertThat(result.outcome()).isEqualTo(ProcessResult.Outcome.FAILED);
    assertThat(result.exitCode()).isEqualTo(7);
  }

  @Test
  void commandThatCannotStartSaysWhy() {
    ProcessResult result = runner.run(new ProcessSpec(List.of("/no/such/program"), Optional.empty(), Map.of(),
        Optional.empty(), dir.resolve("x.log")), new ProcessRunner.Handle());

    assertThat(result.outcome()).isEqualTo(ProcessResult.Outcome.NOT_STARTED);
    assertThat(result.detail()).startsWith("cannot start: Cannot run program \"/no/such/program\"");
  }

  @Test
  void timeoutStopsTheWholeProcessTree() throws Exception {
    // A child shell and its two grandchildren, each writing down its pid.
    String script = "sh -c 'sleep 100 & echo $! > pid-a; sleep 100 & echo $! > pid-b; wait' & echo $! > pid-c; wait";

    ProcessResult result = runner.run(shell(script, Duration.ofSeconds(1)), new ProcessRunner.Handle());

    assertThat(result.outcome()).isEqualTo(ProcessResult.Outcome.TIMED_OUT);
    List<Long> started = new java.util.ArrayList<>();
    for (String name : List.of("pid-a", "pid-b", "pid-c")) {
      started.add(Long.parseLong(Files.readString(dir.resolve(name)).trim()));
    }
    assertThat(started).hasSize(3);
    assertThat(started).allSatisfy(pid ->
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("process %d", pid).isFalse());
  }

  @Test
  void largeOutputKeepsItsHeadAndTail() throws Exception {
    ProcessRunner small = new ProcessRunner(2048, 1, Duration.ofSeconds(2));

    small.run(shell("echo FIRST; seq 1 100000; echo LAST", null), new ProcessRunner.Handle());

    String log = Files.readString(dir.resolve("logs/out.log"));
    assertThat(log).startsWith("FIRST\n1\n2\n").endsWith("99999\n100000\nLAST\n").contains(" bytes of output left out]");
    assertThat(log.length()).isLessThan(2048 + 100);
  }

  @Test
  void cancelStopsARunningProcess() throws Exception {
    ProcessRunner.Handle handle = new ProcessRunner.Handle();
    Thread canceller = new Thread(() -> {
      await(dir.resolve("started"));
      handle.cancel();
    });
    canceller.start();

    ProcessResult result = runner.run(shell("touch started; sleep 100", null), handle);

    assertThat(result.outcome()).isEqualTo(ProcessResult.Outcome.CANCELLED);
    canceller.join();
  }

  private static void await(Path file) {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(file));
  }
}
