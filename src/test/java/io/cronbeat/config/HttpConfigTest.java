package io.cronbeat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cronbeat.text.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code http.*} settings: defaults, overrides, and the values refused before a node starts. */
class HttpConfigTest {

  private static final ZoneId UTC = ZoneId.of("UTC");

  @TempDir Path dir;

  @Test
  void theEndpointIsOnLoopbackOnPort8099WithTheTokenFileByDefault() {
    CronbeatConfig config = new ConfigLoader(Map.of(), UTC).load(null);

    assertThat(config.http()).isEqualTo(new CronbeatConfig.Http(8099, "127.0.0.1", "", List.of()));
    assertThat(config.http().enabled()).isTrue();
  }

  @Test
  void fileAndVariablesSetItAndTheTokenIsMasked() throws IOException {
    Path file = dir.resolve("scheduler.yaml");
    Files.writeString(file, "http:\n  port: 9000\n  bind: 0.0.0.0\n  hosts: cron.internal, Cron.Example.com\n");

    CronbeatConfig config = new ConfigLoader(Map.of("CRONBEAT_HTTP_TOKEN", "0123456789abcdef-secret"), UTC).load(file);

    assertThat(config.http()).isEqualTo(new CronbeatConfig.Http(9000, "0.0.0.0", "0123456789abcdef-secret",
        List.of("cron.internal", "cron.example.com")));
    assertThat(config.describe()).contains(" http.port=9000 http.bind=0.0.0.0 http.token=**** http.hosts=cron.internal,"
        + "cron.example.com").doesNotContain("secret");
    assertThat(new ConfigLoader(Map.of("CRONBEAT_HTTP_PORT", "0"), UTC).load(null).http().enabled()).isFalse();
  }

  @Test
  void aShortTokenANameToBindAndABadPortAreRefusedWithTheirPositions() throws IOException {
    Path file = dir.resolve("scheduler.yaml");
    Files.writeString(file, "http:\n  port: 70000\n  bind: cron.example.com\n  token: changeme\n");

    assertThatThrownBy(() -> new ConfigLoader(Map.of(), UTC).load(file))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).diagnostics()).extracting(Diagnostic::format).containsExactly(
            file + ":2:9: error: http.port: '70000' is not a whole number from 0 to 65535\n"
                + "  hint: write e.g. port: 8099",
            file + ":3:9: error: http.bind: 'cron.example.com' is not an IP address\n"
                + "  hint: write 127.0.0.1 (this machine only), 0.0.0.0 (every interface, needs http.token) or one"
                + " interface's address",
            file + ":4:10: error: http.token: the token is 8 characters; at least 16 are needed\n"
                + "  hint: generate one, e.g. with: head -c 32 /dev/urandom | base64"));
  }

  @Test
  void metricsAccessIsAutoByDefaultAndReadFromFileOrVariable() throws IOException {
    Path file = dir.resolve("scheduler.yaml");
    Files.writeString(file, "http:\n  metrics-access: token\n");

    assertThat(new ConfigLoader(Map.of(), UTC).load(null).http().metricsAccess()).isEqualTo(MetricsAccess.AUTO);
    assertThat(new ConfigLoader(Map.of(), UTC).load(file).http().metricsAccess()).isEqualTo(MetricsAccess.TOKEN);
    assertThat(new ConfigLoader(Map.of("CRONBEAT_HTTP_METRICS_ACCESS", "OPEN"), UTC).load(file).describe())
        .contains(" http.metrics-access=open ");
  }

  @Test
  void anUnknownMetricsAccessIsRefusedWithTheWordsItTakes() throws IOException {
    Path file = dir.resolve("scheduler.yaml");
    Files.writeString(file, "http:\n  metrics-access: loopback-open\n");

    assertThatThrownBy(() -> new ConfigLoader(Map.of(), UTC).load(file))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).diagnostics()).extracting(Diagnostic::format).containsExactly(
            file + ":2:19: error: http.metrics-access: 'loopback-open' is not auto, token or open\n"
                + "  hint: write auto (no token on loopback, the token when other machines can reach it), token (always)"
                + " or open (never)"));
  }
}
