package io.cronbeat.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronbeat.testing.HttpCalls;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Black-box: the release archive that {@code mvn package} builds, unpacked as an operator would,
 * on a PATH with a Java runtime and an {@code mvn} that fails the test if anything calls it.
 */
class ReleaseArchiveIT {

  @TempDir static Path tmp;
  private static Path home;
  private static Path fakeMaven;
  private Process node;

  @BeforeAll
  static void unpack() throws Exception {
    Path archive;
    try (DirectoryStream<Path> found = Files.newDirectoryStream(Path.of("target"), "cronbeat-*.tar.gz")) {
      archive = found.iterator().next();
    }
    Path unpacked = Files.createDirectories(tmp.resolve("opt"));
    Process tar = new ProcessBuilder("tar", "xzf", archive.toAbsolutePath().toString(), "-C", unpacked.toString())
        .inheritIO().start();
    assertThat(tar.waitFor()).isZero();
    home = unpacked.resolve(archive.getFileName().toString().replace(".tar.gz", ""));
    // A Maven that leaves a mark: the archive must never build.
    Path bin = Files.createDirectories(tmp.resolve("fake-bin"));
    fakeMaven = tmp.resolve("mvn-was-called");
    Files.writeString(bin.resolve("mvn"), "#!/bin/sh\ntouch '" + fakeMaven + "'\nexit 1\n");
    assertThat(bin.resolve("mvn").toFile().setExecutable(true)).isTrue();
  }

  record Result(int exitCode, String out, String err) {}

  private static ProcessBuilder scheduler(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of(home.resolve("bin/scheduler").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile());
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> name.startsWith("CRONBEAT_") || name.equals("JAVA_HOME"));
    environment.put("PATH", tmp.resolve("fake-bin") + ":" + Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
    environment.put("CRONBEAT_SCHEDULES", home.resolve("schedules").toString());
    environment.put("CRONBEAT_DATA", tmp.resolve("data").toString());
    environment.put("CRONBEAT_TIMEZONE", "UTC");
    environment.putAll(env);
    return builder;
  }

  private static Result run(String... args) throws Exception {
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    Process process = scheduler(Map.of(), args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("bin/scheduler %s ends", String.join(" ", args)).isTrue();
    return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  @AfterEach
  void stopNode() throws Exception {
    if (node != null && node.isAlive()) {
      node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(fakeMaven).as("mvn was called").doesNotExist();
  }

  @Test
  void holdsWhatAnOperatorInstalls() {
    for (String file : List.of("bin/scheduler", "lib/cronbeat.jar", "config/scheduler.yaml", "config/cronbeat.service",
        "config/cronbeat.env", "schedules/heartbeat.yaml", "README.md", "LICENSE", "share/completion/scheduler.bash",
        "share/man/man1/scheduler.1", "share/man/man1/scheduler-run.1")) {
      assertThat(home.resolve(file)).as(file).isRegularFile();
    }
    assertThat(home.resolve("bin/scheduler")).isExecutable();
    assertThat(home.resolve("pom.xml")).doesNotExist();
    assertThat(home.resolve("src")).doesNotExist();
  }

  @Test
  void printsItsVersionAndCommitWithoutMaven() throws Exception {
    Result option = run("--version");
    Result command = run("version");

    assertThat(option.exitCode()).isZero();
    assertThat(option.out()).matches("cronbeat \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit [0-9a-f]{10}[^)]*, built [^)]+\\)\nJava \\d+.*\n");
    assertThat(command.exitCode()).isZero();
    assertThat(command.out()).isEqualTo(option.out());
  }

  @Test
  void validatesTheShippedSchedulesAndKeepsAClassArchiveForTheNextCommand() throws Exception {
    Result first = run("validate");
    Result second = run("validate");

    assertThat(first.exitCode()).isZero();
    assertThat(first.out()).startsWith("OK: 4 jobs in 4 files");
    assertThat(first.err()).isEmpty();
    try (DirectoryStream<Path> archives = Files.newDirectoryStream(home.resolve("lib/cds"), "files-*.jsa")) {
      assertThat(archives).hasSize(1);
    }
    assertThat(second.exitCode()).isZero();
    assertThat(second.out()).isEqualTo(first.out());
    assertThat(second.err()).isEmpty();
  }

  @Test
  void runsANodeWithJsonLogsThatAnswersHealthAndStopsOnSigterm() throws Exception {
    int port = HttpCalls.freePort();
    Path log = tmp.resolve("node.log");
    node = scheduler(Map.of("CRONBEAT_HTTP_PORT", Integer.toString(port)), "run", "--log-format", "json")
        .redirectOutput(tmp.resolve("node.out").toFile()).redirectError(log.toFile()).start();

    HttpCalls http = new HttpCalls(port);
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
        .untilAsserted(() -> assertThat(http.answer("/health/live").status()).isEqualTo(200));
    // The endpoint answers before the node has opened its store; a TERM then interrupts H2, which
    // prints its own stack trace, not a log event. Stop a started node.
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
        .until(() -> Files.readString(log).contains(" started: 4 jobs from "));
    node.destroy(); // SIGTERM: bin/scheduler exec's java, so the node itself gets it
    assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("the node exits after SIGTERM").isTrue();

    assertThat(node.exitValue()).isZero();
    // The first node of this jar and JDK wrote the class archive of run once started; the next maps it.
    try (DirectoryStream<Path> archives = Files.newDirectoryStream(home.resolve("lib/cds"), "node-*.jsa")) {
      assertThat(archives).hasSize(1);
    }
    // The log is on stderr; nothing else of the node's is on stdout (JDK 17 announced the archive's dump there).
    assertThat(Files.readString(tmp.resolve("node.out"))).as("the node's stdout").isEmpty();
    List<String> lines = Files.readAllLines(log);
    JsonMapper json = JsonMapper.builder().build();
    List<JsonNode> events = new ArrayList<>();
    List<String> notJson = new ArrayList<>();
    for (String line : lines) {
      try {
        events.add(json.readTree(line));
      } catch (RuntimeException e) {
        notJson.add(line);
      }
    }
    assertThat(notJson).as("stderr lines that are not one JSON event each, in:%n%s", String.join("\n", lines)).isEmpty();
    assertThat(events).allSatisfy(event -> {
      assertThat(event.get("timestamp").isNumber()).isTrue();
      assertThat(event.get("level").asString()).isIn("INFO", "WARN", "ERROR");
    });
    assertThat(events).extracting(event -> event.get("formattedMessage").asString())
        .anyMatch(message -> message.startsWith("node starting: "))
        .anyMatch(message -> message.matches("node=\\S+ started: 4 jobs from .*"))
        .anyMatch(message -> message.matches("node=\\S+ stopped"));
  }

  @Test
  void systemdAcceptsTheUnit() throws Exception {
    boolean available = new ProcessBuilder("sh", "-c", "command -v systemd-analyze").start().waitFor() == 0;
    Assumptions.assumeTrue(available, "systemd-analyze is not installed here: the unit file is not verified");
    Path unit = tmp.resolve("cronbeat.service");
    Files.writeString(unit, Files.readString(home.resolve("config/cronbeat.service")).replace("/opt/cronbeat", home.toString()));

    Process verify = new ProcessBuilder("systemd-analyze", "verify", unit.toString()).redirectErrorStream(true).start();
    String said = new String(verify.getInputStream().readAllBytes());

    assertThat(verify.waitFor()).as(said).isZero();
    assertThat(said).isEmpty();
  }

  @Test
  void completionScriptLoadsInBash() throws Exception {
    Process bash = new ProcessBuilder("bash", "-c", "source \"$0\" && complete -p scheduler",
        home.resolve("share/completion/scheduler.bash").toString()).redirectErrorStream(true).start();
    String said = new String(bash.getInputStream().readAllBytes());

    assertThat(bash.waitFor()).as(said).isZero();
    assertThat(said).contains("scheduler");
  }
}
