package io.cronbeat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cronbeat.text.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  private static final ZoneId SYSTEM = ZoneId.of("Asia/Tokyo");

  @TempDir Path dir;

  @Test
  void defaultsNeedNoFileAndUseTheEmbeddedStore() throws IOException {
    Path file = dir.resolve("scheduler.yaml");
    Files.writeString(file, "# nothing set yet\n");

    CronbeatConfig config = new ConfigLoader(Map.of(), SYSTEM).load(file);

    assertThat(config.schedules()).isEqualTo(Path.of("schedules"));
    assertThat(config.timezone()).isEqualTo(SYSTEM);
    assertThat(config.dataDir()).isEqualTo(Path.of("data"));
    assertThat(config.store()).isEqualTo(new CronbeatConfig.Store(Optional.empty(), "", "", 10));
    assertThat(config.storeUrl()).startsWith("jdbc:h2:retry:/").endsWith("/data/cronbeat;AUTO_SERVER=TRUE;WRITE_DELAY=0");
    assertThat(config.node()).isEqualTo(new CronbeatConfig.Node(4, Duration.ofSeconds(5), Duration.ofSeconds(30),
        Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15)));
    assertThat(config.limits()).isEqualTo(new CronbeatConfig.Limits(100, 1_048_576, 20, 1000, Duration.ofDays(30)));
    assertThat(config.jobs().expect()).as("no job is watched unless it or jobs.expect says so").isEmpty();
    assertThat(config.http().runLink(42)).contains("http://127.0.0.1:8099/api/runs/42");
  }

  @Test
  void jobsExpectAndThePublicUrlOfNotificationLinks() throws IOException {
    Path file = dir.resolve("scheduler.yaml");
    Files.writeString(file, """
        jobs:
          expect: 15m
        http:
          public-url: https://cron.example.com/
        """);

    CronbeatConfig config = new ConfigLoader(Map.of(), SYSTEM).load(file);

    assertThat(config.jobs().expect()).contains(Duration.ofMinutes(15));
    assertThat(config.http().runLink(7)).contains("https://cron.example.com/api/runs/7");
    Path empty = Files.writeString(dir.resolve("empty.yaml"), "# nothing\n");
    assertThat(new ConfigLoader(Map.of("CRONBEAT_HTTP_PORT", "0"), SYSTEM).load(empty).http().runLink(7))
        .as("no endpoint, no link").isEmpty();
    Files.writeString(file, """
        jobs:
          expect: soonish
        http:
          public-url: https://user:pw@cron.example.com/
        """);
    assertThatThrownBy(() -> new ConfigLoader(Map.of(), SYSTEM).load(file))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).diagnostics()).extracting(Diagnostic::message).containsExactly(
            "jobs.expect: 'soonish' is not a duration or off",
            "http.public-url: not an http(s) URL without user info or query"));
  }

  @Test
  void fileOverridesDefaultsAndEnvironmentOverridesTheFile() throws IOException {
    Path file = dir.resolve("scheduler.yaml");
    Files.writeString(file, """
        schedules: /etc/cronbeat/jobs
        timezone: Europe/Berlin
        store:
          url: jdbc:postgresql://db/cronbeat
          user: cronbeat
          password: s3cret
        executor:
          threads: 8
        node:
          lease: 1m
        """);

    CronbeatConfig fromFile = new ConfigLoader(Map.of(), SYSTEM).load(file);
    CronbeatConfig fromEnv = new ConfigLoader(Map.of("CRONBEAT_TIMEZONE", "America/New_York",
        "CRONBEAT_SCHEDULES", "/srv/jobs", "CRONBEAT_EXECUTOR_THREADS", "2", "CRONBEAT_STORE_PASSWORD", "other"), SYSTEM)
        .load(file);

    assertThat(fromFile.schedules()).isEqualTo(Path.of("/etc/cronbeat/jobs"));
    assertThat(fromFile.timezone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(fromFile.storeUrl()).isEqualTo("jdbc:postgresql://db/cronbeat");
    assertThat(fromFile.node().executorThreads()).isEqualTo(8);
    assertThat(fromFile.node().lease()).isEqualTo(Duration.ofMinutes(1));
    assertThat(fromEnv.schedules()).isEqualTo(Path.of("/srv/jobs"));
    assertThat(fromEnv.timezone()).isEqualTo(ZoneId.of("America/New_York"));
    assertThat(fromEnv.node().executorThreads()).isEqualTo(2);
    assertThat(fromEnv.store().password()).isEqualTo("other");
  }

  @Test
  void startupLineMasksThePassword() throws IOException {
    Path file = dir.resolve("scheduler.yaml");
    Files.writeString(file, "store:\n  url: jdbc:postgresql://db/cronbeat?user=cb&password=hunter2\n  password: s3cret\n");

    String line = new ConfigLoader(Map.of(), SYSTEM).load(file).describe();

    assertThat(line).contains("store.url=jdbc:postgresql://db/cronbeat?user=cb&password=****", "store.password=****")
        .doesNotContain("s3cret").doesNotContain("hunter2");
  }

  @Test
  void configFileCanBeNamedByTheEnvironment() throws IOException {
    Path file = dir.resolve("other.yaml");
    Files.writeString(file, "timezone: UTC\n");

    CronbeatConfig config = new ConfigLoader(Map.of("CRONBEAT_CONFIG", file.toString()), SYSTEM).load(null);

    assertThat(config.timezone()).isEqualTo(ZoneId.of("UTC"));
  }

  @Test
  void shippedConfigurationIsValid() {
    CronbeatConfig config = new ConfigLoader(Map.of(), SYSTEM).load(Path.of("config/scheduler.yaml"));

    assertThat(config.schedules()).isEqualTo(Path.of("schedules"));
    assertThat(config.store().url()).isEmpty();
  }

  @Test
  void everyProblemIsReportedWithItsPosition() throws IOException {
    Path file = dir.resolve("scheduler.yaml");
    Files.writeString(file, "schedule: jobs\ntimezone: Europe/Berln\nnode:\n  lease: soon\nexecutor: 4\n");

    assertThatThrownBy(() -> new ConfigLoader(Map.of("CRONBEAT_EXECUTOR_THREADS", "many"), SYSTEM).load(file))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).diagnostics()).extracting(Diagnostic::format).containsExactly(
            file + ":1:1: error: unknown setting 'schedule': did you mean 'schedules'?\n"
                + "  hint: the settings are: " + String.join(", ", Setting.keys()),
            file + ":2:11: error: timezone: unknown time zone 'Europe/Berln': did you mean 'Europe/Berlin'?\n"
                + "  hint: write an IANA zone name such as 'Europe/Berlin', 'America/New_York' or 'UTC'",
            file + ":4:10: error: node.lease: 'soon' is not a duration\n"
                + "  hint: write a duration such as 30s, 5m, 1h30m or 2d",
            file + ":5:11: error: executor must be a map of settings\n"
                + "  hint: see the README's Configuration table",
            "$CRONBEAT_EXECUTOR_THREADS:1:1: error: executor.threads: 'many' is not a whole number from 1 to 1000\n"
                + "  hint: write e.g. threads: 4"));
  }

  @Test
  void zeroWithAUnitMeansNoLimitWhereZeroIsAllowedAndIsRefusedWhereNot() throws IOException {
    CronbeatConfig config = new ConfigLoader(Map.of("CRONBEAT_STORE_WAIT_AT_START", "0s"), SYSTEM).load(null);
    assertThat(config.store().waitAtStart()).isZero();

    Path file = dir.resolve("scheduler.yaml");
    Files.writeString(file, "node:\n  lease: 0s\n");
    assertThatThrownBy(() -> new ConfigLoader(Map.of(), SYSTEM).load(file))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).diagnostics()).extracting(Diagnostic::format).containsExactly(
            file + ":2:10: error: node.lease: must be more than 0\n"
                + "  hint: write a duration such as 30s, 5m, 1h30m or 2d"));
  }

  @Test
  void namedFileThatDoesNotExistIsAnError() {
    assertThatThrownBy(() -> new ConfigLoader(Map.of(), SYSTEM).load(dir.resolve("missing.yaml")))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).diagnostics().get(0).message())
            .isEqualTo("cannot read file: it does not exist"));
  }

  @Test
  void nodeLabelsAndGroupLimitsComeAsMapsInTheFileOrAsPairsInTheEnvironment() throws IOException {
    Path file = dir.resolve("scheduler.yaml");
    Files.writeString(file, """
        node:
          labels: {host: db1, role: backup}
        concurrency:
          groups: {db-heavy: 2, reports: 1}
        """);

    CronbeatConfig config = new ConfigLoader(Map.of(), SYSTEM).load(file);

    assertThat(config.cluster().labels()).isEqualTo(Map.of("host", "db1", "role", "backup"));
    assertThat(config.cluster().groups()).isEqualTo(Map.of("db-heavy", 2, "reports", 1));
    assertThat(config.describe()).contains(" node.labels=host=db1,role=backup concurrency.groups=db-heavy=2,reports=1");
    CronbeatConfig fromEnv = new ConfigLoader(Map.of("CRONBEAT_NODE_LABELS", "host=db2, role=web",
        "CRONBEAT_CONCURRENCY_GROUPS", "db-heavy=4"), SYSTEM).load(file);
    assertThat(fromEnv.cluster().labels()).as("the environment wins, whole").isEqualTo(Map.of("host", "db2", "role", "web"));
    assertThat(fromEnv.cluster().groups()).isEqualTo(Map.of("db-heavy", 4));
    assertThat(new ConfigLoader(Map.of(), SYSTEM).load(Files.writeString(dir.resolve("empty.yaml"), "# none\n")).cluster())
        .isEqualTo(CronbeatConfig.Cluster.DEFAULTS);
  }

  @Test
  void badLabelsAndGroupLimitsAreReportedWhereTheyAreWritten() throws IOException {
    Path file = dir.resolve("scheduler.yaml");
    Files.writeString(file, """
        node:
          labels: {role: [a, b]}
        concurrency:
          groups: {db-heavy: two}
        """);

    assertThatThrownBy(() -> new ConfigLoader(Map.of("CRONBEAT_NODE_LABELS", "role"), SYSTEM).load(file))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).diagnostics()).extracting(Diagnostic::format).containsExactly(
            file + ":2:18: error: node.labels must map names to single values\n  hint: write e.g. node.labels: {role: backup}",
            file + ":4:11: error: concurrency.groups: group db-heavy limit 'two' is not a whole number from 1 to 10000\n"
                + "  hint: write e.g. db-heavy: 2 (1 makes the group a mutex)",
            "$CRONBEAT_NODE_LABELS:1:1: error: node.labels: 'role' is not name=value\n  hint: write e.g. host=db1,role=backup"));
  }
}
