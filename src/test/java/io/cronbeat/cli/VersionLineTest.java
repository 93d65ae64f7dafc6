package io.cronbeat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.jar.Attributes;
import org.junit.jupiter.api.Test;

/** What {@code scheduler --version} says for a release, a dirty tree and a development build. */
class VersionLineTest {

  private static Attributes manifest(String version) {
    Attributes manifest = new Attributes();
    manifest.put(Attributes.Name.IMPLEMENTATION_VERSION, version);
    manifest.putValue(VersionProvider.BUILT, "2026-12-01T06:02:20Z");
    return manifest;
  }

  @Test
  void aReleaseNamesItsVersionCommitBuildTimeAndTheRuntime() {
    String[] lines = VersionProvider.lines(manifest("1.2.0"), "6a8674dbaf");

    assertThat(lines[0]).isEqualTo("cronbeat 1.2.0 (commit 6a8674dbaf, built 2026-12-01T06:02:20Z)");
    assertThat(lines[1]).startsWith("Java " + Runtime.version().feature());
  }

  @Test
  void aBuildOfADirtyTreeSaysSo() {
    assertThat(VersionProvider.lines(manifest("1.2.0"), "6a8674dbaf-dirty")[0])
        .isEqualTo("cronbeat 1.2.0 (commit 6a8674dbaf with uncommitted changes, built 2026-12-01T06:02:20Z)");
  }

  @Test
  void withoutAJarOrAGitCommitItIsADevelopmentBuildOfAnUnknownCommit() {
    assertThat(VersionProvider.lines(null, null)[0]).isEqualTo("cronbeat (development build, commit unknown)");
  }

  @Test
  void theVersionCommandPrintsWhatTheOptionPrints() {
    CliRun option = CliRun.of("--version");
    CliRun command = CliRun.of("version");

    assertThat(command.exitCode()).isZero();
    assertThat(command.out()).isEqualTo(option.out()).startsWith("cronbeat ");
  }

  @Test
  void anUnknownLogFormatIsBadUsage() {
    CliRun run = CliRun.of("validate", "--log-format", "xml");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith(
        "Invalid value for option '--log-format' (or CRONBEAT_LOG_FORMAT): 'xml' is not text or json\n");
  }
}
