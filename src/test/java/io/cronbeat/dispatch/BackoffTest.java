package io.cronbeat.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronbeat.job.CatchUp;
import io.cronbeat.job.Overlap;
import io.cronbeat.run.JobSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static JobSpec spec(long backoff, long max) {
    return new JobSpec("job", null, null, List.of("true"), false, null, Map.of(), null, 10, Duration.ofSeconds(backoff),
        Duration.ofSeconds(max), Overlap.ALLOW, CatchUp.LATEST, Duration.ZERO, null, null, Set.of(), null, Map.of(), null,
        Map.of(), null);
  }

  @Test
  void doublesEachTimeUpToTheCapThenTakesOffARandomHalf() {
    JobSpec spec = spec(30, 600);

    assertThat(Backoff.after(spec, 1, () -> 0.999999)).isCloseTo(Duration.ofSeconds(30), Duration.ofMillis(1));
    assertThat(Backoff.after(spec, 2, () -> 0.999999)).isCloseTo(Duration.ofSeconds(60), Duration.ofMillis(1));
    assertThat(Backoff.after(spec, 3, () -> 0.999999)).isCloseTo(Duration.ofSeconds(120), Duration.ofMillis(1));
    assertThat(Backoff.after(spec, 9, () -> 0.999999)).isCloseTo(Duration.ofSeconds(600), Duration.ofMillis(1));
    assertThat(Backoff.after(spec, 3, () -> 0.0)).isEqualTo(Duration.ofSeconds(60));
  }
}
