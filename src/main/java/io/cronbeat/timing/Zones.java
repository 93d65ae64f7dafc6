package io.cronbeat.timing;

import io.cronbeat.text.DidYouMean;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Set;

/**
 * Time zone names, strictly: an exact IANA name or a {@code +03:00} offset. Nothing falls back
 * to GMT, as {@code java.util.TimeZone} does for {@code Mars/Olympus} or {@code europe/berlin}.
 */
public final class Zones {

  private static final Set<String> KNOWN = ZoneId.getAvailableZoneIds();
  private static final String HINT = "write an IANA zone name such as 'Europe/Berlin', 'America/New_York' or 'UTC'";

  private Zones() {}

  public static ZoneId parse(String text) {
    if (KNOWN.contains(text)) {
      return ZoneId.of(text);
    }
    if (text.equals("Z") || text.matches("[+-]\\d\\d:\\d\\d")) {
      try {
        return ZoneOffset.of(text);
      } catch (DateTimeException outOfRange) {
        throw new ScheduleException("time zone offset '" + text + "' is outside -18:00 to +18:00", HINT);
      }
    }
    if (text.matches("(?i)(UTC|GMT)\\s*[+-].*")) {
      throw new ScheduleException("time zone '" + text + "' is ambiguous (POSIX reads UTC+3 as three hours WEST of UTC)",
          "write an IANA zone such as 'Europe/Moscow', or a fixed offset such as '+03:00'");
    }
    for (String known : KNOWN) {
      if (known.toLowerCase(Locale.ROOT).equals(text.toLowerCase(Locale.ROOT))) {
        throw new ScheduleException("unknown time zone '" + text + "': did you mean '" + known + "'?",
            "zone names are case-sensitive: write '" + known + "'");
      }
    }
    String suggestion = DidYouMean.closest(text, KNOWN).map(s -> ": did you mean '" + s + "'?").orElse("");
    throw new ScheduleException("unknown time zone '" + text + "'" + suggestion, HINT);
  }
}
