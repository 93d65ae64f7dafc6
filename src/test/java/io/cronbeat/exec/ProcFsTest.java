package io.cronbeat.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProcFsTest {

  @Test
  void startTimeIsTheOneTheJdkReports() throws Exception {
    assumeThat(ProcFs.available()).as("Linux /proc").isTrue();
    Process sleeper = new ProcessBuilder("sleep", "30").start();
    try {
      Instant jdk = sleeper.toHandle().info().startInstant().orElseThrow();

      Instant ours = ProcFs.startedAt(sleeper.pid()).orElseThrow();

      // The same formula (boot time plus clock ticks): equal to the millisecond, give or take rounding.
      assertThat(Duration.between(jdk, ours).abs()).isLessThanOrEqualTo(Duration.ofMillis(10));
    } finally {
      sleeper.destroyForcibly();
    }
  }

  @Test
  void aProcessThatIsGoneHasNoStartTime() throws Exception {
    Process done = new ProcessBuilder("true").start();
    done.waitFor();

    assertThat(ProcFs.startedAt(done.pid())).isEmpty();
  }
}
