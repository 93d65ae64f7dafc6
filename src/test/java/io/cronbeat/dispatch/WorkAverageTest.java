package io.cronbeat.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The average a node sizes its claims ahead by: a second of 500 no-op runs and 100 processes must
 * count as that mix even when the processes ended last, or the next second is claimed ahead as
 * if all its runs were processes, and most of it only once due, late.
 */
class WorkAverageTest {

  private static final Duration POLL = Duration.ofSeconds(1);

  @Test
  void beforeAnyAttemptItIsNodePoll() {
    assertThat(new WorkAverage(POLL).nanos()).isEqualTo(POLL.toNanos());
  }

  @Test
  void shortRunsThenLongOnesCountAsTheMixNotAsTheLastFew() {
    WorkAverage average = new WorkAverage(POLL);
    for (int i = 0; i < 400; i++) {
      average.add(Duration.ZERO);
    }
    for (int i = 0; i < 100; i++) {
      average.add(Duration.ofMillis(30));
    }

    assertThat(Duration.ofNanos(average.nanos())).isEqualTo(Duration.ofMillis(6));
  }

  @Test
  void onlyTheLastWindowOfAttemptsCounts() {
    WorkAverage average = new WorkAverage(POLL);
    for (int i = 0; i < WorkAverage.WINDOW; i++) {
      average.add(Duration.ofSeconds(5));
    }
    for (int i = 0; i < WorkAverage.WINDOW; i++) {
      average.add(Duration.ofMillis(2));
    }

    assertThat(Duration.ofNanos(average.nanos())).isEqualTo(Duration.ofMillis(2));
  }

  @Test
  void forgettingStartsAgainFromNodePoll() {
    WorkAverage average = new WorkAverage(POLL);
    average.add(Duration.ofMillis(2));
    average.forget();

    assertThat(average.nanos()).isEqualTo(POLL.toNanos());
    average.add(Duration.ofMillis(40));
    assertThat(Duration.ofNanos(average.nanos())).isEqualTo(Duration.ofMillis(40));
  }
}
