package io.cronbeat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scheduler token}: the API's token for a script, to the token file's owner only. */
class TokenCommandTest {

  private static final String TOKEN = "Vb2n0-0cVxB2mJ2B8dU3y7QyVZ1F6dVgE3kq1Yb0o9k";

  @TempDir Path dir;

  private Path tokenFile() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    return Files.writeString(Files.createFile(data.resolve("http-token"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))), TOKEN + "\n");
  }

  private Map<String, String> env() {
    return Map.of("CRONBEAT_DATA", dir.resolve("data").toString(), "CRONBEAT_TIMEZONE", "UTC");
  }

  @Test
  void printsTheNodesTokenFileForItsOwner() throws Exception {
    tokenFile();

    CliRun run = CliRun.of(env(), "token");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo(TOKEN + "\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void aConfiguredTokenIsTheOneItPrints() throws Exception {
    tokenFile();
    Map<String, String> env = new HashMap<>(env());
    env.put("CRONBEAT_HTTP_TOKEN", "configured-token-0123456789");

    CliRun run = CliRun.of(env, "token");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("configured-token-0123456789\n");
  }

  @Test
  void withoutATokenFileItSaysWhereItLookedAndCreatesNothing() {
    CliRun run = CliRun.of(env(), "token");

    Path file = dir.resolve("data/http-token");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("error: no token file at " + file + " — has a node with the HTTP endpoint started on"
        + " this data dir?\n  hint: a node makes it on its first start (http.port not 0); point at the node's data-dir"
        + " with --config FILE or CRONBEAT_DATA\n");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void anotherUsersTokenFileIsNotPrinted() throws Exception {
    assumeThat(System.getProperty("user.name")).as("giving a file away takes root").isEqualTo("root");
    Path file = tokenFile();
    UserPrincipal nobody = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    Files.setOwner(file, nobody);

    CliRun run = CliRun.of(env(), "token");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("error: " + file + " belongs to nobody; only its owner may read the token\n"
        + "  hint: run this as nobody (the node's user), e.g. sudo -u nobody bin/scheduler token\n");
  }
}
