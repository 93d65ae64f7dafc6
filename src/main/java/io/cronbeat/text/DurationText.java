package io.cronbeat.text;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in job files: {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 2d}. */
public final class DurationText {

  private static final Pattern WHOLE = Pattern.compile("(?:\\d+[dhms])+");
  private static final Pattern PART = Pattern.compile("(\\d+)([dhms])");
  public static final String HINT = "write a duration such as 30s, 5m, 1h30m or 2d";

  private DurationText() {}

  /** The duration, or empty when {@code text} is not of that form. */
  public static Optional<Duration> parse(String text) {
    String trimmed = text.trim();
    if (!WHOLE.matcher(trimmed).matches()) {
      return Optional.empty();
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(trimmed);
    try {
      while (part.find()) {
        long amount = Long.parseLong(part.group(1));
        total = total.plus(switch (part.group(2)) {
          case "d" -> Duration.ofDays(amount);
          case "h" -> Duration.ofHours(amount);
          case "m" -> Duration.ofMinutes(amount);
          default -> Duration.ofSeconds(amount);
        });
      }
    } catch (ArithmeticException | NumberFormatException tooLarge) {
      return Optional.empty();
    }
    return Optional.of(total);
  }

  /** The shortest form that {@link #parse} reads back, e.g. {@code 1h30m}. */
  public static String format(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds == 0) {
      return "0s";
    }
    StringBuilder text = new StringBuilder();
    long[] sizes = {86_400, 3_600, 60, 1};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < sizes.length; i++) {
      if (seconds >= sizes[i]) {
        text.append(seconds / sizes[i]).append(units[i]);
        seconds %= sizes[i];
      }
    }
    return text.toString();
  }
}
