package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronbeat.cli.CliRun;
import io.cronbeat.config.ConfigLoader;
import io.cronbeat.config.CronbeatConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 item 9: a command run from any directory finds the node's configuration, jobs and
 * store (this JVM's working directory is the checkout, not the installation), and a command
 * never creates an empty store of its own.
 */
class InstallationPathsTest {

  @TempDir Path dir;

  private static CliRun cli(Map<String, String> env, String... args) {
    return CliRun.of(Clock.systemUTC(), env, args);
  }

  @Test
  void aCommandRunFromAnotherDirectoryUsesTheInstallationsStoreAndJobs() throws Exception {
    Path install = Files.createDirectories(dir.resolve("cronbeat"));
    Files.createDirectories(install.resolve("config"));
    Files.writeString(install.resolve("config/scheduler.yaml"), "timezone: UTC\nhttp:\n  port: 0\n");
    Files.createDirectories(install.resolve("schedules"));
    Files.writeString(install.resolve("schedules/jobs.yaml"), "jobs:\n  nightly:\n    command: 'true'\n    schedule: '30 2 * * *'\n");
    Map<String, String> env = Map.of(ConfigLoader.HOME_ENV, install.toString());
    CronbeatConfig config = new ConfigLoader(env, ZoneOffset.UTC).load(null);

    Node node = Node.start(config, Clock.systemUTC());
    try {
      CliRun status = cli(env, "status");
      CliRun list = cli(env, "list");
      CliRun validate = cli(env, "validate");

      assertThat(config.dataDir()).isEqualTo(install.resolve("data"));
      assertThat(config.schedules()).isEqualTo(install.resolve("schedules"));
      assertThat(status.exitCode()).isZero();
      assertThat(status.out()).contains("nodes:   1", node.id(), install.resolve("data").toString());
      assertThat(list.out()).containsPattern("nightly +30 2 \\* \\* \\* +UTC");
      assertThat(validate.out()).isEqualTo("OK: 1 job in 1 file\n");
    } finally {
      node.stop();
    }
  }

  @Test
  void readCommandsOnAMissingStoreCreateNothingAndSayWhereTheyLooked() {
    Path install = dir.resolve("empty-install");
    // The job files exist; the store does not.
    Map<String, String> env = Map.of(ConfigLoader.HOME_ENV, install.toString(), "CRONBEAT_SCHEDULES",
        "src/test/resources/jobs/valid");

    for (String command : new String[] {"status", "list", "history"}) {
      CliRun run = cli(env, command);

      assertThat(run.exitCode()).as(command).isEqualTo(1);
      assertThat(run.out()).as(command).isEmpty();
      assertThat(run.err()).as(command).isEqualTo("error: no store at " + install.resolve("data")
          + " — is the node configured with another data dir?\n"
          + "  hint: a node creates its store when it first starts; point at the node's with data-dir in its configuration"
          + " (--config FILE), or CRONBEAT_DATA\n");
    }
    CliRun logs = cli(env, "logs", "1");
    CliRun trigger = cli(env, "trigger", "reindex");

    assertThat(logs.exitCode()).isEqualTo(1);
    assertThat(trigger.exitCode()).as("nor does a write: its run would wait for a node that never reads it").isEqualTo(1);
    assertThat(install).doesNotExist();
  }

  @Test
  void validateFromElsewhereNamesTheAbsoluteDirectoryAndHowToPointElsewhere() {
    Path install = dir.resolve("elsewhere");

    CliRun run = cli(Map.of(ConfigLoader.HOME_ENV, install.toString()), "validate");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("error: no schedules directory at " + install.resolve("schedules") + "\n"
        + "  hint: point at the job files with --schedules DIR, CRONBEAT_SCHEDULES or 'schedules:' in the configuration"
        + " (--config FILE), or name them: bin/scheduler validate FILE...\n");
  }

  @Test
  void relativePathsInAConfigurationOutsideTheInstallationResolveAgainstItsDirectory() throws Exception {
    Path etc = Files.createDirectories(dir.resolve("etc"));
    Files.writeString(etc.resolve("scheduler.yaml"), "data-dir: state\nschedules: jobs\n");

    CronbeatConfig config = new ConfigLoader(Map.of(ConfigLoader.HOME_ENV, dir.resolve("opt").toString()), ZoneOffset.UTC)
        .load(etc.resolve("scheduler.yaml"));
    CronbeatConfig fromEnv = new ConfigLoader(Map.of(ConfigLoader.HOME_ENV, dir.resolve("opt").toString(),
        "CRONBEAT_DATA", "here"), ZoneOffset.UTC).load(etc.resolve("scheduler.yaml"));

    assertThat(config.dataDir()).isEqualTo(etc.resolve("state"));
    assertThat(config.schedules()).isEqualTo(etc.resolve("jobs"));
    assertThat(fromEnv.dataDir()).as("as the shell that set it means it").isEqualTo(Path.of("here"));
  }
}
