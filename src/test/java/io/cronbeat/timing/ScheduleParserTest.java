package io.cronbeat.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleParserTest {

  private static final ZoneId UTC = ZoneOffset.UTC;
  private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");

  private final ScheduleParser parser = new ScheduleParser();

  @ParameterizedTest(name = "{0} is fixed-time: {1}")
  @CsvSource(delimiter = '|', value = {
      "30 2 * * *        | true",
      "0-59 0-23 * * *   | true",
      "0 0-23/2 * * *    | true",
      "0,30 1,2 * * *    | true",
      "* 2 * * *         | false",
      "*/15 2 * * *      | false",
      "0 * * * *         | false",
      "0 */2 * * *       | false",
      "0 30 2 * * ?      | true",
      "* 30 2 * * ?      | false",
      "*/10 30 2 * * ?   | false",
      "@daily            | true",
      "@hourly           | false"})
  void classifiesJobsAsCronieDoesForDaylightSaving(String expression, boolean fixedTime) {
    CronSchedule schedule = (CronSchedule) parser.parse(expression, UTC, "job");

    assertThat(schedule.fixedTime()).isEqualTo(fixedTime);
  }

  @Test
  void hashedFieldsAreStablePerNameAndSpreadAcrossNames() {
    Instant first = parser.parse("H H * * *", UTC, "backup").nextAfter(FROM).orElseThrow();
    Instant again = new ScheduleParser().parse("H H * * *", UTC, "backup").nextAfter(FROM).orElseThrow();
    Set<Instant> acrossNames = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      acrossNames.add(parser.parse("H H * * *", UTC, "job-" + i).nextAfter(FROM).orElseThrow());
    }

    assertThat(again).isEqualTo(first);
    assertThat(acrossNames).as("fifty daily jobs do not all start at one time").hasSizeGreaterThan(40);
  }

  @Test
  void hashedRangesAndStepsStayInsideTheirBounds() {
    for (int i = 0; i < 200; i++) {
      CronSchedule schedule = (CronSchedule) parser.parse("H(0-29) H(9-17) H * *", UTC, "job-" + i);
      String[] fields = schedule.expression().split(" ");
      assertThat(Integer.parseInt(fields[0])).isBetween(0, 29);
      assertThat(Integer.parseInt(fields[1])).isBetween(9, 17);
      assertThat(Integer.parseInt(fields[2])).as("day-of-month H stays within 1-28").isBetween(1, 28);

      CronSchedule stepped = (CronSchedule) parser.parse("H/15 * * * *", UTC, "job-" + i);
      List<Integer> minutes = stepped.next(FROM.minusSeconds(1), 4).stream().map(t -> t.atZone(UTC).getMinute()).toList();
      assertThat(minutes.get(0)).isBetween(0, 14);
      assertThat(minutes).containsExactly(minutes.get(0), minutes.get(0) + 15, minutes.get(0) + 30, minutes.get(0) + 45);
    }
  }

  @Test
  void everyIsAnchoredToTheEpochSoRestartsDoNotShiftIt() {
    Schedule schedule = parser.parse("@every 1h30m", UTC, "job");

    Instant afterStart = schedule.nextAfter(Instant.parse("2026-01-01T00:00:01Z")).orElseThrow();
    Instant afterRestart = schedule.nextAfter(Instant.parse("2026-01-01T00:47:13Z")).orElseThrow();

    assertThat(afterStart).isEqualTo(afterRestart).isEqualTo(Instant.parse("2026-01-01T01:30:00Z"));
    assertThat(schedule).isEqualTo(new EverySchedule(Duration.ofMinutes(90)));
  }

  @Test
  void macrosAreCaseInsensitiveAndMeanTheirCronExpressions() {
    assertThat(((CronSchedule) parser.parse("@DAILY", UTC, "job")).expression()).isEqualTo("0 0 * * *");
    assertThat(((CronSchedule) parser.parse("@midnight", UTC, "job")).expression()).isEqualTo("0 0 * * *");
    assertThat(((CronSchedule) parser.parse("@annually", UTC, "job")).expression()).isEqualTo("0 0 1 1 *");
  }

  @Test
  void bothDayFieldsMayBeRestrictedInTheQuartzFormToo() {
    Schedule schedule = parser.parse("0 0 12 1 * 2", UTC, "job");

    assertThat(schedule.next(FROM, 3)).containsExactly(
        Instant.parse("2026-01-01T12:00:00Z"), Instant.parse("2026-01-05T12:00:00Z"), Instant.parse("2026-01-12T12:00:00Z"));
  }

  @Test
  void describesInPlainEnglishAndSaysWhichDayRuleApplies() {
    assertThat(parser.parse("30 2 * * *", UTC, "job").describe()).isEqualTo("at 02:30");
    assertThat(parser.parse("0 9 1,15 * 5", UTC, "job").describe())
        .endsWith("(on days that match the day-of-month OR the day-of-week)");
    assertThat(parser.parse("0 9 */2 * 5", UTC, "job").describe())
        .endsWith("(only on days that match both the day-of-month AND the day-of-week)");
    assertThat(parser.parse("@every 90s", UTC, "job").describe()).isEqualTo("every 1m30s (counted from 1970-01-01T00:00Z)");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "61 * * * *         | schedule '61 * * * *': minute 61 is outside 0-59",
      "0 24 * * *         | schedule '0 24 * * *': hour 24 is outside 0-23",
      "0 0 0 * * * 1969   | schedule '0 0 0 * * * 1969': year 1969 is outside 1970-2099",
      "0 0 * 13 *         | schedule '0 0 * 13 *': month 13 is outside 1-12",
      "60 0 0 * * ?       | schedule '60 0 0 * * ?': second 60 is outside 0-59",
      "0 0 * * 1#2        | schedule '0 0 * * 1#2': day-of-week '1#2': L, W, # and ? need the 6/7-field form",
      "H * * * * ? H      | schedule 'H * * * * ? H': year 'H': H is not allowed in the year field",
      "* * *              | schedule '* * *' has 3 fields",
      "''                 | schedule is empty",
      "@every 0s          | schedule '@every 0s': the period must be at least 1s",
      "@every soon        | schedule '@every soon': 'soon' is not a duration",
      "@daily 5           | schedule '@daily 5' is not a known macro"})
  void rejectsWithAMessageNamingTheField(String expression, String message) {
    assertThatThrownBy(() -> parser.parse(expression, UTC, "job"))
        .isInstanceOf(ScheduleException.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(((ScheduleException) e).hint()).isNotBlank());
  }

  @Test
  void neverFiringExpressionHasNoNextTime() {
    assertThat(parser.parse("0 0 30 2 *", UTC, "job").nextAfter(FROM)).isEmpty();
    assertThat(parser.parse("0 0 0 31 4 ?", UTC, "job").nextAfter(FROM)).isEmpty();
  }

  @Test
  void fireTimesAreTheSameInstantsWhicheverZoneTheyAreShownIn() {
    ZonedDateTime berlin = parser.parse("0 8 * * mon-fri", ZoneId.of("Europe/Berlin"), "job")
        .nextAfter(Instant.parse("2026-11-23T12:00:00Z")).orElseThrow().atZone(ZoneId.of("Europe/Berlin"));

    assertThat(berlin.toLocalDateTime().toString()).isEqualTo("2026-11-24T08:00");
  }
}
