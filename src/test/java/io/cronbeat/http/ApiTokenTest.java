package io.cronbeat.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cronbeat.CronbeatException;
import io.cronbeat.config.CronbeatConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokenTest {

  private static final CronbeatConfig.Http NO_TOKEN = new CronbeatConfig.Http(8099, "127.0.0.1", "", List.of());

  @TempDir Path dir;

  @Test
  void withoutAConfiguredTokenTheNodeMakesAPrivateFileOnceAndKeepsIt() throws Exception {
    ApiToken first = ApiToken.of(NO_TOKEN, dir);
    String written = Files.readString(dir.resolve("http-token")).strip();
    ApiToken second = ApiToken.of(NO_TOKEN, dir);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("http-token")))).isEqualTo("rw-------");
    assertThat(written).matches("[A-Za-z0-9_-]{43}");
    assertThat(first.accepts("Bearer " + written)).isTrue();
    assertThat(second.accepts("Bearer " + written)).as("the same token after a restart").isTrue();
    assertThat(first.toString()).doesNotContain(written);
  }

  @Test
  void onlyTheExactTokenAfterBearerIsAccepted() {
    ApiToken token = ApiToken.of(new CronbeatConfig.Http(8099, "127.0.0.1", "0123456789abcdef", List.of()), dir);

    assertThat(token.accepts("Bearer 0123456789abcdef")).isTrue();
    assertThat(token.accepts("BEARER 0123456789abcdef ")).isTrue();
    assertThat(token.accepts("Bearer 0123456789abcde")).isFalse();
    assertThat(token.accepts("Bearer 0123456789abcdefg")).isFalse();
    assertThat(token.accepts("Basic 0123456789abcdef")).isFalse();
    assertThat(token.accepts("0123456789abcdef")).isFalse();
    assertThat(token.accepts("Bearer ")).isFalse();
    assertThat(token.accepts(null)).isFalse();
    assertThat(dir.resolve("http-token")).as("a configured token needs no file").doesNotExist();
  }

  @Test
  void anEmptiedTokenFileIsRefusedRatherThanAcceptingAnEmptyToken() throws Exception {
    Files.writeString(dir.resolve("http-token"), "\n");
    Files.setPosixFilePermissions(dir.resolve("http-token"), PosixFilePermissions.fromString("rw-------"));

    assertThatThrownBy(() -> ApiToken.of(NO_TOKEN, dir)).isInstanceOf(CronbeatException.class)
        .hasMessage("the HTTP token in " + dir.resolve("http-token") + " is empty or too short");
  }
}
