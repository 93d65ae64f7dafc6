package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronbeat.exec.NoopExecutor;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunState;
import io.cronbeat.store.TestStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's node: runs go the whole way through the queue and the history, and no
 * command is started.
 */
class NoopExecutorTest {

  @TempDir Path dir;

  @Test
  void runsSucceedWithoutStartingTheirCommand() throws Exception {
    Path marker = dir.resolve("ran");
    try (NodeHarness harness = new NodeHarness(TestStore.Kind.H2, dir)) {
      harness.jobs("jobs.yaml", """
          jobs:
            touch:
              schedule: '@every 1s'
              command: ['touch', '%s']
          """.formatted(marker));
      harness.start(new NoopExecutor());
      await().atMost(Duration.ofSeconds(30)).until(() ->
          harness.runsOf("touch").stream().filter(r -> r.state() == RunState.SUCCEEDED).count() >= 2);
      harness.stop();

      assertThat(harness.runsOf("touch")).extracting(Run::state).doesNotContain(RunState.FAILED);
      assertThat(marker).as("the command never ran").doesNotExist();
      assertThat(Files.exists(dir.resolve("data/logs/touch"))).as("no output log written").isFalse();
    }
  }
}
