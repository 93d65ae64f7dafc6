package io.cronbeat.timing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** When a job fires. The one answer to "when next" that previews and the scheduler share. */
public interface Schedule {

  /** The first fire time strictly after {@code instant}, or empty when it never fires again. */
  Optional<Instant> nextAfter(Instant instant);

  /** A plain-English description, e.g. "at 02:30 every day". */
  String describe();

  /**
   * For a schedule that fires more often than once a minute, how often, e.g. "fires every 5
   * seconds": such a schedule is easy to write by mistake (a crontab line with a seconds field).
   */
  default Optional<String> subMinute() {
    return Optional.empty();
  }

  /** Up to {@code count} fire times strictly after {@code from}, in order. */
  default List<Instant> next(Instant from, int count) {
    List<Instant> times = new ArrayList<>(count);
    Instant cursor = from;
    while (times.size() < count) {
      Optional<Instant> next = nextAfter(cursor);
      if (next.isEmpty()) {
        break;
      }
      times.add(next.get());
      cursor = next.get();
    }
    return times;
  }
}
