package io.cronbeat.cli;

import java.time.Duration;
import java.time.Instant;

/** "5m ago", "in 2h": short relative times for tables. */
final class Ago {

  private Ago() {}

  static String of(Instant then, Instant now) {
    Duration between = Duration.between(then, now);
    boolean past = !between.isNegative();
    long seconds = Math.abs(between.getSeconds());
    String amount = seconds < 60 ? seconds + "s" : seconds < 3600 ? seconds / 60 + "m" : seconds < 86_400 ? seconds / 3600 + "h"
        : seconds / 86_400 + "d";
    return past ? amount + " ago" : "in " + amount;
  }
}
