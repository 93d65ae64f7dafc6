package io.cronbeat.cli;

import java.time.Duration;
import java.time.Instant;

/**
 * "2 s ago", "5 m ago": how long ago something happened, for tables. Never "in 1 s": a time the
 * store wrote a moment ago can read as the future to a CLI whose clock is behind the database's
 * (leases and heartbeats are the database's time), so an age below zero is shown as 0 s.
 */
final class Ago {

  private Ago() {}

  static String of(Instant then, Instant now) {
    return span(then, now) + " ago";
  }

  /** The age alone: "1 m" (overdue for 1 m). */
  static String span(Instant then, Instant now) {
    long seconds = Math.max(0, Duration.between(then, now).getSeconds());
    return seconds < 60 ? seconds + " s" : seconds < 3600 ? seconds / 60 + " m" : seconds < 86_400 ? seconds / 3600 + " h"
        : seconds / 86_400 + " d";
  }
}
