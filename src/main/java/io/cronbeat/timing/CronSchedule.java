package io.cronbeat.timing;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * A cron expression in a time zone, with cronie's daylight-saving rules.
 *
 * <p>A <em>wildcard</em> job (its seconds, minute or hour field begins with {@code *}) follows
 * the wall clock: it has no runs in a spring-forward gap and runs in both passes of a
 * fall-back overlap. Every other job is <em>fixed-time</em>: wall-clock times that fall in
 * a gap run once, at the first instant after it, and a repeated interval runs only in its
 * first pass.
 *
 * @param expression the expression as it is evaluated (macros expanded, {@code H} resolved)
 */
public record CronSchedule(String expression, ZoneId zone, boolean fixedTime, CronFields fields, String description)
    implements Schedule {

  @Override
  public Optional<Instant> nextAfter(Instant instant) {
    ZoneRules rules = zone.getRules();
    LocalDateTime cursor = LocalDateTime.ofInstant(instant, zone);
    ZoneOffsetTransition around = rules.getTransition(cursor);
    if (around != null && around.isOverlap()) {
      // From the second pass, wall-clock times before ours still lie ahead in real time.
      cursor = around.getDateTimeAfter();
    }
    Instant best = null;
    while (true) {
      Optional<LocalDateTime> match = fields.nextOrSame(cursor);
      if (match.isEmpty()) {
        return Optional.ofNullable(best);
      }
      LocalDateTime local = match.get();
      List<ZoneOffset> offsets = rules.getValidOffsets(local);
      if (offsets.size() == 2) {
        Instant firstPass = local.toInstant(offsets.get(0));
        Instant secondPass = local.toInstant(offsets.get(1));
        if (firstPass.isAfter(instant)) {
          return Optional.of(earliest(best, firstPass));
        }
        if (!fixedTime && secondPass.isAfter(instant)) {
          best = earliest(best, secondPass);
        }
        cursor = local.plusSeconds(1);
      } else if (offsets.size() == 1) {
        Instant at = local.toInstant(offsets.get(0));
        if (at.isAfter(instant)) {
          return Optional.of(earliest(best, at));
        }
        cursor = local.plusSeconds(1);
      } else {
        ZoneOffsetTransition gap = rules.getTransition(local);
        if (fixedTime && gap.getInstant().isAfter(instant)) {
          return Optional.of(earliest(best, gap.getInstant()));
        }
        cursor = gap.getDateTimeAfter();
      }
    }
  }

  private static Instant earliest(Instant best, Instant candidate) {
    return best == null || candidate.isBefore(best) ? candidate : best;
  }

  @Override
  public Optional<String> subMinute() {
    BitSet seconds = fields.seconds();
    int count = seconds.cardinality();
    if (count < 2) {
      return Optional.empty();
    }
    int step = seconds.nextSetBit(seconds.nextSetBit(0) + 1) - seconds.nextSetBit(0);
    boolean even = 60 % step == 0 && count == 60 / step;
    for (int s = seconds.nextSetBit(0); even && s >= 0; s = seconds.nextSetBit(s + 1)) {
      even = seconds.get((s + step) % 60);
    }
    if (!even) {
      return Optional.of("fires " + count + " times a minute");
    }
    return Optional.of(step == 1 ? "fires every second" : "fires every " + step + " seconds");
  }

  @Override
  public String describe() {
    return description;
  }
}
