package io.cronbeat.timing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The table in {@code timing/next-fire-times.txt}: expression, zone, from, expected fire times. */
class NextFireTimesTest {

  private final ScheduleParser parser = new ScheduleParser();

  @ParameterizedTest(name = "{0} in {1} after {2}")
  @MethodSource("cases")
  void firesAtTheTimesWorkedOutByHand(String expression, String zone, String from, List<String> expected) {
    ZoneId zoneId = ZoneId.of(zone);
    Schedule schedule = parser.parse(expression, zoneId, "table");

    List<OffsetDateTime> actual = schedule.next(OffsetDateTime.parse(from).toInstant(), expected.size() + 1).stream()
        .limit(expected.size())
        .map(instant -> instant.atZone(zoneId).toOffsetDateTime())
        .toList();

    assertThat(actual).containsExactlyElementsOf(expected.stream().map(OffsetDateTime::parse).toList());
  }

  @Test
  void tableHasAtLeastSixtyCases() throws IOException {
    assertThat(cases()).hasSizeGreaterThanOrEqualTo(60);
  }

  @Test
  void limitedYearRangeStopsFiring() {
    Schedule schedule = parser.parse("0 0 0 1 1 ? 2030-2031", ZoneId.of("UTC"), "table");

    assertThat(schedule.next(OffsetDateTime.parse("2026-01-01T00:00Z").toInstant(), 5)).hasSize(2);
  }

  static List<Arguments> cases() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(
        Objects.requireNonNull(NextFireTimesTest.class.getResourceAsStream("/timing/next-fire-times.txt")),
        StandardCharsets.UTF_8))) {
      Stream<String> lines = reader.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"));
      for (String line : (Iterable<String>) lines::iterator) {
        String[] parts = line.split("\\|");
        cases.add(Arguments.of(parts[0].strip(), parts[1].strip(), parts[2].strip(),
            Arrays.asList(parts[3].strip().split("\\s+"))));
      }
    }
    return cases;
  }
}
