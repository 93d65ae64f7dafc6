package io.cronbeat.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronbeat.job.CatchUp;
import io.cronbeat.timing.Schedule;
import io.cronbeat.timing.ScheduleParser;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CatchUpPlanTest {

  private final Schedule everyTenSeconds = new ScheduleParser().parse("@every 10s", ZoneOffset.UTC, "job");
  private final Instant from = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void noneRunsNothingAndRecordsEveryMissedFiring() {
    CatchUpPlan plan = CatchUpPlan.of(everyTenSeconds, from, from.plusSeconds(115), CatchUp.NONE, 100);

    assertThat(plan.run()).isEmpty();
    assertThat(plan.missed()).hasSize(12).startsWith(from).endsWith(from.plusSeconds(110));
  }

  @Test
  void latestRunsOnlyTheMostRecent() {
    CatchUpPlan plan = CatchUpPlan.of(everyTenSeconds, from, from.plusSeconds(115), CatchUp.LATEST, 100);

    assertThat(plan.run()).containsExactly(from.plusSeconds(110));
    assertThat(plan.missed()).hasSize(11).doesNotContain(from.plusSeconds(110));
  }

  @Test
  void allRunsEachUpToTheCap() {
    CatchUpPlan plan = CatchUpPlan.of(everyTenSeconds, from, from.plusSeconds(115), CatchUp.ALL, 100);
    CatchUpPlan capped = CatchUpPlan.of(everyTenSeconds, from, from.plusSeconds(115), CatchUp.ALL, 5);

    assertThat(plan.run()).hasSize(12);
    assertThat(plan.missed()).isEmpty();
    assertThat(capped.run()).hasSize(5).endsWith(from.plusSeconds(110));
    assertThat(capped.missed()).hasSize(5);
    assertThat(capped.uncounted()).isEqualTo(2);
  }

  @Test
  void theAnswerDoesNotDependOnHowLongTheOutageWas() {
    for (int seconds : new int[] {30, 120, 3600}) {
      CatchUpPlan latest = CatchUpPlan.of(everyTenSeconds, from, from.plusSeconds(seconds), CatchUp.LATEST, 1000);
      CatchUpPlan all = CatchUpPlan.of(everyTenSeconds, from, from.plusSeconds(seconds), CatchUp.ALL, 1000);

      assertThat(latest.run()).as("latest after %ds", seconds).hasSize(1);
      assertThat(all.run()).as("all after %ds", seconds).hasSize(seconds / 10 + 1);
    }
  }
}
