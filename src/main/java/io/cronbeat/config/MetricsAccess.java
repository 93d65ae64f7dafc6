package io.cronbeat.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Whether {@code /metrics} asks for the API's bearer token ({@code http.metrics-access}). */
public enum MetricsAccess {
  /** Open while the endpoint listens on loopback only; the token as soon as other machines can reach it. */
  AUTO,
  /** Always the token: a scraper sends {@code Authorization: Bearer TOKEN}. */
  TOKEN,
  /** Never the token, wherever it listens: the series carry job names and counts, never commands. */
  OPEN;

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<MetricsAccess> named(String word) {
    return Arrays.stream(values()).filter(v -> v.word().equals(word.strip().toLowerCase(Locale.ROOT))).findFirst();
  }

  /** True when a scrape must carry the token on an endpoint bound there. */
  public boolean needsToken(boolean loopbackOnly) {
    return this == TOKEN || (this == AUTO && !loopbackOnly);
  }
}
