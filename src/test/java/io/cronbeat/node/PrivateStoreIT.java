package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Black-box, as the hostile test did it: a node runs as root on the embedded H2 store, and a
 * second, unprivileged OS user on the same machine tries to read or change what it must not.
 */
class PrivateStoreIT {

  private static final String INTRUDER = "cbintruder";
  private static final String SECRET = "s3cr3t-token-from-env";

  @TempDir Path dir;
  private Process node;

  @AfterEach
  void stopNode() throws InterruptedException {
    if (node != null && node.isAlive()) {
      node.destroy();
      if (!node.waitFor(60, TimeUnit.SECONDS)) {
        node.destroyForcibly();
      }
    }
  }

  @Test
  void anotherLocalUserCanNeitherReadNorOpenTheEmbeddedStoreOfARunningNode() throws Exception {
    assumeTrue(isRoot(), "!!! SKIPPED PrivateStoreIT: it needs root to create a second OS user (CI runs as root) !!!");
    createIntruder();
    // @TempDir is 0700: open it up so that only cronbeat's own modes stand between the intruder and the store.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (Path parent = dir; parent != null; parent = parent.getParent()) {
      assertThat(Files.getPosixFilePermissions(parent)).as("%s must be traversable by the intruder", parent)
          .contains(PosixFilePermission.OTHERS_EXECUTE);
    }
    Path jar = Files.copy(Path.of("target/cronbeat.jar"), dir.resolve("cronbeat.jar"));
    Path data = dir.resolve("data");
    Path schedules = Files.createDirectories(dir.resolve("schedules"));
    Files.writeString(schedules.resolve("jobs.yaml"), "jobs:\n  tick:\n    schedule: '@every 1s'\n    command: echo tick\n"
        + "    env:\n      SECRET_TOKEN: " + SECRET + "\n");
    Path output = Files.createDirectories(dir.resolve("private"), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwx------"))).resolve("node.log");

    // java -jar, no -D option: Main itself keeps the H2 server on loopback.
    ProcessBuilder builder = new ProcessBuilder(java(), "-jar", jar.toString(), "run").redirectErrorStream(true)
        .redirectOutput(output.toFile());
    builder.environment().putAll(Map.of("CRONBEAT_DATA", data.toString(),
        "CRONBEAT_SCHEDULES", schedules.toString(), "CRONBEAT_TIMEZONE", "UTC", "CRONBEAT_HTTP_PORT", "0"));
    node = builder.start();
    await().atMost(Duration.ofSeconds(90)).until(() -> Files.readString(output).contains(" started: "));
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.isDirectory(data.resolve("logs/tick")));

    assertThat(mode(data)).isEqualTo("rwx------");
    assertThat(mode(data.resolve("logs"))).isEqualTo("rwx------");
    assertThat(mode(data.resolve("secret"))).isEqualTo("rw-------");
    assertThat(mode(data.resolve("cronbeat.mv.db"))).isEqualTo("rw-------");
    assertThat(mode(data.resolve("cronbeat.lock.db"))).isEqualTo("rw-------");
    assertThat(Files.readString(data.resolve("secret")).strip()).matches("[A-Za-z0-9_-]{43}");

    for (String attempt : List.of("ls " + data, "cat " + data.resolve("secret"), "cat " + data.resolve("cronbeat.mv.db"),
        "cat " + data.resolve("cronbeat.lock.db"), "ls " + data.resolve("logs"), "ls " + data.resolve("logs/tick"))) {
      Result result = asIntruder(attempt);
      assertThat(result.exit()).as(attempt).isNotZero();
      assertThat(result.output()).as(attempt).contains("Permission denied");
    }

    List<String> listening = listeningAddresses(node.pid());
    assertThat(listening).as("the H2 server of the node (automatic mixed mode)").isNotEmpty();
    assertThat(listening).as("no listening socket beyond loopback").allSatisfy(address ->
        assertThat(address).matches("(127\\.0\\.0\\.1|\\[::ffff:127\\.0\\.0\\.1\\]):\\d+"));

    String port = listening.get(0).replaceAll(".*:", "");
    Properties lock = new Properties();
    lock.load(new StringReader(Files.readString(data.resolve("cronbeat.lock.db"))));
    String key = lock.getProperty("id");
    assertThat(key).as("the key of the AUTO_SERVER in the lock file").isNotBlank();
    Result byFile = asIntruder(h2Shell(jar, "jdbc:h2:" + data.resolve("cronbeat") + ";AUTO_SERVER=TRUE"));
    Result byTcpWithoutKey = asIntruder(h2Shell(jar, "jdbc:h2:tcp://127.0.0.1:" + port + "/" + data.resolve("cronbeat")));
    Result byTcpEvenWithTheKey = asIntruder(h2Shell(jar, "jdbc:h2:tcp://127.0.0.1:" + port + "/" + key));
    for (Result result : List.of(byFile, byTcpWithoutKey, byTcpEvenWithTheKey)) {
      assertThat(result.exit()).as(result.output()).isNotZero();
      assertThat(result.output()).doesNotContain("tick");
    }
    assertThat(byTcpEvenWithTheKey.output()).as("only the secret opens the store").contains("Wrong user name or password");

    Path unsafe = Files.createDirectories(dir.resolve("unsafe"));
    Path groupWritable = Files.writeString(unsafe.resolve("jobs.yaml"), "jobs:\n  x:\n    command: 'true'\n");
    Files.setPosixFilePermissions(groupWritable, PosixFilePermissions.fromString("rw-rw-r--"));
    Process validate = new ProcessBuilder(java(), "-jar", jar.toString(), "validate", unsafe.toString())
        .redirectErrorStream(true).start();
    String validated = new String(validate.getInputStream().readAllBytes());
    assertThat(validate.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(validate.exitValue()).isEqualTo(2);
    assertThat(validated).isEqualTo(groupWritable + ":1:1: error: job file is writable by group (rw-rw-r--): another user"
        + " could make the node run anything; refused\n  hint: chmod go-w " + groupWritable + "\n1 error in 1 file\n");

    node.destroy();
    assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(output)).doesNotContain(SECRET);
  }

  private record Result(int exit, String output) {}

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void createIntruder() throws Exception {
    if (run(List.of("id", "-u", INTRUDER)).exit() != 0) {
      Result created = run(List.of("useradd", "--no-create-home", "--shell", "/bin/sh", INTRUDER));
      assertThat(created.exit()).as(created.output()).isZero();
    }
  }

  private static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  private static String h2Shell(Path jar, String url) {
    return java() + " -cp " + jar + " org.h2.tools.Shell -url '" + url + "' -user sa -password '' -sql 'SELECT name FROM cb_jobs'";
  }

  private static Result asIntruder(String command) throws Exception {
    return run(List.of("su", INTRUDER, "-s", "/bin/sh", "-c", command));
  }

  private static Result run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }

  /** Local addresses of the listening TCP sockets of {@code pid}, from {@code ss -ltnp}. */
  private static List<String> listeningAddresses(long pid) throws Exception {
    Result ss = run(List.of("ss", "-Hltnp"));
    assertThat(ss.exit()).as(ss.output()).isZero();
    List<String> addresses = new ArrayList<>();
    Pattern line = Pattern.compile("^\\S+\\s+\\d+\\s+\\d+\\s+(\\S+)\\s+\\S+\\s+(.*)$");
    for (String row : ss.output().lines().toList()) {
      Matcher matcher = line.matcher(row.strip());
      if (matcher.matches() && matcher.group(2).contains("pid=" + pid + ",")) {
        addresses.add(matcher.group(1));
      }
    }
    return addresses;
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
