package io.cronbeat.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestGuardTest {

  @ParameterizedTest
  @CsvSource({
      "localhost:8099, localhost",
      "LOCALHOST, localhost",
      "127.0.0.1:8099, 127.0.0.1",
      "[::1]:8099, ::1",
      "[::1], ::1",
      "cron.example.com, cron.example.com",
      "' cron.example.com:80 ', cron.example.com"})
  void theHostNameIsTheHeaderWithoutItsPortAndBrackets(String header, String name) {
    assertThat(RequestGuard.hostName(header)).isEqualTo(name);
  }
}
