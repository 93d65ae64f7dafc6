package io.cronbeat.timing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jenkins-style {@code H} in cron fields: a value hashed from the job name, the same on every
 * node and after every restart, so that many "daily" jobs do not all start at 00:00.
 * {@code H}, {@code H(0-29)}, {@code H/15} and {@code H(0-29)/10} are rewritten into plain
 * cron before parsing.
 */
final class HashedValues {

  private static final Pattern H_TERM = Pattern.compile("H(?:\\((\\d+)-(\\d+)\\))?(?:/(\\d+))?");
  /** Day-of-month H stays within 1-28 so that it fires in every month. */
  private static final int LAST_SAFE_DAY = 28;

  private final byte[] digest;

  HashedValues(String seed) {
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("every Java runtime has SHA-256", impossible);
    }
  }

  /** Rewrites every H term of one field; other terms are left as they are. */
  String resolve(String field, int index, CronDialect.Field spec) {
    if (!field.contains("H")) {
      return field;
    }
    if (spec.name().equals("year")) {
      throw new ScheduleException(
          "year '" + field + "': H is not allowed in the year field", "write a year such as '2027', or '*'");
    }
    StringBuilder out = new StringBuilder();
    for (String term : field.split(",", -1)) {
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(term.startsWith("H") ? resolveTerm(term, index, spec) : term);
    }
    return out.toString();
  }

  private String resolveTerm(String term, int index, CronDialect.Field spec) {
    Matcher m = H_TERM.matcher(term);
    String hint = "write H, H(0-29), H/15 or H(0-29)/10 in the " + spec.name() + " field";
    if (!m.matches()) {
      throw new ScheduleException(spec.name() + " '" + term + "': H must stand alone or as H(a-b), H/n or H(a-b)/n", hint);
    }
    int max = spec.name().equals("day-of-month") ? LAST_SAFE_DAY : spec.name().equals("day-of-week") ? spec.min() + 6 : spec.max();
    int low = m.group(1) == null ? spec.min() : Integer.parseInt(m.group(1));
    int high = m.group(2) == null ? max : Integer.parseInt(m.group(2));
    if (low < spec.min() || high > spec.max() || low > high) {
      throw new ScheduleException(
          spec.name() + " '" + term + "': range " + low + "-" + high + " is outside " + spec.min() + "-" + spec.max()
              + " or runs backwards",
          hint);
    }
    int hash = ByteBuffer.wrap(digest, (index * 4) % (digest.length - 3), 4).getInt() & Integer.MAX_VALUE;
    if (m.group(3) == null) {
      return Integer.toString(low + hash % (high - low + 1));
    }
    int step = Integer.parseInt(m.group(3));
    if (step < 1) {
      throw new ScheduleException(spec.name() + " '" + term + "': the step must be at least 1", hint);
    }
    int start = low + hash % Math.min(step, high - low + 1);
    return start + "-" + high + "/" + step;
  }
}
