package io.cronbeat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cronbeat.yaml.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  private static final ZoneId SYSTEM = ZoneId.of("Asia/Tokyo");

  @TempDir Path dir;

  @Test
  void fileOverridesDefaultsAndEnvironmentOverridesTheFile() throws IOException {
    Path file = dir.resolve("scheduler.yaml");
    Files.writeString(file, "schedules: /etc/cronbeat/jobs\ntimezone: Europe/Berlin\n");

    CronbeatConfig fromFile = new ConfigLoader(Map.of(), SYSTEM).load(file);
    CronbeatConfig fromEnv = new ConfigLoader(Map.of("CRONBEAT_TIMEZONE", "America/New_York",
        "CRONBEAT_SCHEDULES", "/srv/jobs"), SYSTEM).load(file);

    assertThat(fromFile).isEqualTo(new CronbeatConfig(Path.of("/etc/cronbeat/jobs"), ZoneId.of("Europe/Berlin")));
    assertThat(fromEnv).isEqualTo(new CronbeatConfig(Path.of("/srv/jobs"), ZoneId.of("America/New_York")));
  }

  @Test
  void configFileCanBeNamedByTheEnvironment() throws IOException {
    Path file = dir.resolve("other.yaml");
    Files.writeString(file, "timezone: UTC\n");

    CronbeatConfig config = new ConfigLoader(Map.of("CRONBEAT_CONFIG", file.toString()), SYSTEM).load(null);

    assertThat(config.timezone()).isEqualTo(ZoneId.of("UTC"));
  }

  @Test
  void fileOfOnlyCommentsMeansDefaults() throws IOException {
    Path file = dir.resolve("scheduler.yaml");
    Files.writeString(file, "# nothing set yet\n");

    assertThat(new ConfigLoader(Map.of(), SYSTEM).load(file)).isEqualTo(new CronbeatConfig(Path.of("schedules"), SYSTEM));
  }

  @Test
  void shippedConfigurationIsValid() {
    assertThat(new ConfigLoader(Map.of(), SYSTEM).load(Path.of("config/scheduler.yaml")).schedules())
        .isEqualTo(Path.of("schedules"));
  }

  @Test
  void everyProblemIsReportedWithItsPosition() throws IOException {
    Path file = dir.resolve("scheduler.yaml");
    Files.writeString(file, "schedule: jobs\ntimezone: Europe/Berln\n");

    assertThatThrownBy(() -> new ConfigLoader(Map.of("CRONBEAT_TIMEZONE", "UTC+3"), SYSTEM).load(file))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).diagnostics()).extracting(Diagnostic::format).containsExactly(
            file + ":1:1: error: unknown key 'schedule' in the configuration: did you mean 'schedules'?\n"
                + "  hint: the keys the configuration takes are: schedules, timezone",
            file + ":2:11: error: unknown time zone 'Europe/Berln': did you mean 'Europe/Berlin'?\n"
                + "  hint: write an IANA zone name such as 'Europe/Berlin', 'America/New_York' or 'UTC'",
            "$CRONBEAT_TIMEZONE:1:1: error: time zone 'UTC+3' is ambiguous (POSIX reads UTC+3 as three hours WEST of UTC)\n"
                + "  hint: write an IANA zone such as 'Europe/Moscow', or a fixed offset such as '+03:00'"));
  }

  @Test
  void namedFileThatDoesNotExistIsAnError() {
    assertThatThrownBy(() -> new ConfigLoader(Map.of(), SYSTEM).load(dir.resolve("missing.yaml")))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).diagnostics().get(0).message()).startsWith("cannot read file"));
  }
}
