package io.cronbeat.cli;

import io.cronbeat.timing.CronDialect;
import io.cronbeat.timing.ScheduleException;
import java.util.Optional;

/** Reads {@code --dialect}. */
final class Dialects {

  private Dialects() {}

  /** The dialect a {@code --dialect} word names; null: the option was not given. */
  static Optional<CronDialect> option(String word) {
    if (word == null) {
      return Optional.empty();
    }
    return Optional.of(CronDialect.named(word).orElseThrow(() -> new ScheduleException(
        "--dialect '" + word + "' is not a cron dialect", "write " + CronDialect.WORDS)));
  }
}
