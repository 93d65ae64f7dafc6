package io.cronbeat.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronbeat.text.Diagnostic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: each fixture under {@code jobs/invalid/} (a file, or a directory of files) sits
 * beside {@code NAME.expected}, the exact diagnostics {@code validate} must print for it.
 */
class InvalidJobFilesTest {

  static final Path FIXTURES = Path.of("src/test/resources/jobs/invalid");
  static final Clock NOW = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void reportsExactlyTheExpectedDiagnostics(String fixture) throws IOException {
    JobSet set = new JobLoader(ZoneOffset.UTC, NOW).load(List.of(FIXTURES.resolve(fixture)));

    String printed = set.diagnostics().stream()
        .map(Diagnostic::format)
        .map(line -> line.replace(FIXTURES + "/", ""))
        .collect(Collectors.joining("\n", "", "\n"));
    assertThat(set.valid()).isFalse();
    assertThat(printed).isEqualTo(Files.readString(FIXTURES.resolve(baseName(fixture) + ".expected"), StandardCharsets.UTF_8));
  }

  @Test
  void everyFixtureHasItsExpectedDiagnostics() throws IOException {
    assertThat(fixtures()).hasSizeGreaterThanOrEqualTo(20);
    for (String fixture : fixtures()) {
      assertThat(FIXTURES.resolve(baseName(fixture) + ".expected")).exists();
    }
  }

  static List<String> fixtures() throws IOException {
    try (Stream<Path> entries = Files.list(FIXTURES)) {
      return entries.map(p -> p.getFileName().toString())
          .filter(name -> !name.endsWith(".expected"))
          .sorted()
          .toList();
    }
  }

  private static String baseName(String fixture) {
    return fixture.replaceFirst("\\.ya?ml$", "");
  }
}
