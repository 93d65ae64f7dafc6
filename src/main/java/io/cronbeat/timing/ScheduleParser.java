package io.cronbeat.timing;

import com.cronutils.descriptor.CronDescriptor;
import com.cronutils.model.Cron;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.parser.CronParser;
import io.cronbeat.text.DurationText;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code schedule} of a job: 5-field Unix cron, 6/7-field Quartz cron, a macro
 * such as {@code @daily}, or {@code @every 15m}. Every problem is a {@link ScheduleException}
 * naming the field and what to write instead.
 */
public final class ScheduleParser {

  static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");

  private static final String FORMS_HINT =
      "write 5 fields (minute hour day-of-month month day-of-week), 6 or 7 with seconds first"
          + " (Quartz or Spring), a macro such as @daily, or '@every 15m'";
  private static final String DIALECT_HINT =
      "write day names such as MON-FRI, or say which dialect numbers the days: 'dialect: quartz' (1 = Sunday)"
          + " or 'dialect: spring' (1 = Monday) in the job, cron.dialect in the configuration, or --dialect";
  /** Longer schedules are mistakes (or attacks): cron-utils takes seconds and a gigabyte on a megabyte. */
  static final int MAX_LENGTH = 1_000;
  private static final Pattern OUT_OF_RANGE = Pattern.compile("Value (-?\\d+) not in range \\[(-?\\d+), (-?\\d+)]");
  private static final Pattern BACKWARDS = Pattern.compile("Invalid range! \\[(\\d+),(\\d+)]");
  /** A day-of-week written with numbers (the n of {@code #n} and the step of {@code /n} count nothing). */
  private static final Pattern NUMBERED_DAY = Pattern.compile("(^|[^#/\\d])\\d|^L$");
  private static final Pattern STORED = Pattern.compile("(unix|quartz|spring): (.*)", Pattern.DOTALL);

  /** Schedules parsed by this parser; one parser reads one set of job files. */
  private final Map<String, Schedule> parsed = new ConcurrentHashMap<>();
  private final Map<CronDialect, CronParser> parsers = new EnumMap<>(CronDialect.class);
  private final Optional<CronDialect> sixFieldDefault;

  public ScheduleParser() {
    this(Optional.empty());
  }

  /**
   * @param sixFieldDefault the dialect of 6/7-field expressions whose job names none
   *     (configuration key {@code cron.dialect}); empty: numeric days of the week are refused
   */
  public ScheduleParser(Optional<CronDialect> sixFieldDefault) {
    this.sixFieldDefault = sixFieldDefault;
    for (CronDialect dialect : CronDialect.values()) {
      parsers.put(dialect, new CronParser(dialect.definition));
    }
  }

  /**
   * A schedule as stored by {@link #storedText}: a 6/7-field expression with no dialect reads as
   * Quartz, as stores written before dialects existed hold them.
   *
   * @param seed the job name: {@code H} fields hash from it
   */
  public Schedule parse(String text, ZoneId zone, String seed) {
    Matcher stored = STORED.matcher(text.strip());
    if (stored.matches()) {
      return parse(stored.group(2), CronDialect.named(stored.group(1)), zone, seed, true);
    }
    return parse(text, Optional.empty(), zone, seed, false);
  }

  /**
   * A schedule as a person wrote it. In a 6/7-field expression a numeric day of the week is an
   * error unless {@code dialect} (or this parser's default) says how days are numbered.
   *
   * @param dialect the job's {@code dialect:} or the command's {@code --dialect}
   */
  public Schedule parse(String text, Optional<CronDialect> dialect, ZoneId zone, String seed) {
    return parse(text, dialect, zone, seed, true);
  }

  /** How {@link #parse(String, ZoneId, String)} reads {@code text} back with the same meaning. */
  public String storedText(String text, Optional<CronDialect> dialect) {
    Optional<CronDialect> effective = dialect.or(() -> sixFieldDefault);
    String trimmed = text.strip();
    boolean withSeconds = !trimmed.startsWith("@") && trimmed.split("\\s+").length >= 6;
    return effective.isPresent() && withSeconds ? effective.get().word() + ": " + trimmed : text;
  }

  /** @param strict numeric days of the week in 6/7 fields need a dialect (else: Quartz, as before dialects) */
  private Schedule parse(String text, Optional<CronDialect> dialect, ZoneId zone, String seed, boolean strict) {
    if (text.length() > MAX_LENGTH) {
      throw new ScheduleException("schedule is " + String.format(Locale.ROOT, "%,d", text.length())
          + " characters long; at most " + String.format(Locale.ROOT, "%,d", MAX_LENGTH) + " are read", FORMS_HINT);
    }
    String trimmed = text.trim();
    if (trimmed.isEmpty()) {
      throw new ScheduleException("schedule is empty", FORMS_HINT);
    }
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (c > 0x7e) {
        throw new ScheduleException("schedule '" + trimmed + "': '" + c + "' (U+"
            + String.format(Locale.ROOT, "%04X", (int) c) + ") at character " + (i + 1) + " is not ASCII"
            + (Character.isDigit(c) ? ": only the digits 0-9 are read" : ""),
            "write the digits 0-9 and names such as MON or JAN");
      }
    }
    Optional<CronDialect> effective = strict ? dialect.or(() -> sixFieldDefault) : dialect;
    // Schedules are values: jobs that share one share its parse (cron-utils builds its
    // validation patterns on every parse). The seed only matters to H.
    String key = zone.getId() + "\n" + (trimmed.contains("H") ? seed : "") + "\n"
        + effective.map(CronDialect::word).orElse(strict ? "" : "legacy") + "\n" + trimmed;
    Schedule known = parsed.get(key);
    if (known == null) {
      known = trimmed.startsWith("@") ? parseAt(trimmed, zone, seed) : parseCron(trimmed, effective, strict, zone, seed);
      parsed.put(key, known);
    }
    return known;
  }

  private Schedule parseAt(String text, ZoneId zone, String seed) {
    String[] words = text.split("\\s+", 2);
    String word = words[0].toLowerCase(Locale.ROOT);
    if (word.equals("@every")) {
      return parseEvery(text, words.length > 1 ? words[1] : "");
    }
    if (word.equals("@reboot")) {
      throw new ScheduleException(
          "schedule '@reboot' is not supported: cronbeat runs jobs on a clock, not at machine start",
          "start it from your service manager, or run 'scheduler trigger JOB' when a node starts");
    }
    String expression = MACROS.get(word);
    if (expression == null || words.length > 1) {
      throw new ScheduleException(
          "schedule '" + text + "' is not a known macro",
          "write one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, or '@every 15m'");
    }
    return parseCron(expression, Optional.of(CronDialect.UNIX), true, zone, seed);
  }

  private static Schedule parseEvery(String text, String amount) {
    Optional<Duration> period = DurationText.parse(amount);
    if (period.isEmpty()) {
      throw new ScheduleException("schedule '" + text + "': '" + amount + "' is not a duration",
          "write '@every' and a duration such as 30s, 15m or 1h30m");
    }
    if (period.get().compareTo(Duration.ofSeconds(1)) < 0) {
      throw new ScheduleException("schedule '" + text + "': the period must be at least 1s", "write '@every 1s' or longer");
    }
    return new EverySchedule(period.get());
  }

  private Schedule parseCron(String text, Optional<CronDialect> named, boolean strict, ZoneId zone, String seed) {
    String[] written = text.split("\\s+");
    CronDialect dialect = dialect(text, written, named, strict);
    HashedValues hashed = new HashedValues(seed);
    List<String> resolved = new ArrayList<>();
    for (int i = 0; i < written.length; i++) {
      try {
        resolved.add(hashed.resolve(written[i], i, dialect.fields.get(i)));
      } catch (ScheduleException e) {
        throw new ScheduleException("schedule '" + text + "': " + e.getMessage(), e.hint());
      }
    }
    int dom = dialect.dayOfMonthIndex();
    if (dialect == CronDialect.QUARTZ && resolved.get(dom + 2).equals("L")) {
      resolved.set(dom + 2, "7"); // Quartz: L alone in day-of-week means Saturday.
    }
    String expression = String.join(" ", resolved);
    Cron cron = parseWithCronUtils(dialect, text, resolved);
    checkQuartzLimits(dialect, text, resolved);
    CronFields fields = new CronFieldsReader(dialect).read(cron, isStar(written[dom]), isStar(written[dom + 2]));
    boolean wildcard = written[0].startsWith("*") || written[1].startsWith("*")
        || (dialect.hasSeconds() && written[2].startsWith("*"));
    return new CronSchedule(expression, zone, !wildcard, fields, describe(cron, fields));
  }

  /** The dialect the field count and the named dialect agree on; numeric days need a name. */
  private static CronDialect dialect(String text, String[] written, Optional<CronDialect> named, boolean strict) {
    int count = written.length;
    if (count < 5 || count > 7) {
      throw new ScheduleException("schedule '" + text + "' has " + count + " field" + (count == 1 ? "" : "s"), FORMS_HINT);
    }
    if (count == 5) {
      if (named.isPresent() && named.get() != CronDialect.UNIX) {
        throw new ScheduleException("schedule '" + text + "' has 5 fields, but dialect " + named.get().word()
            + " takes " + (named.get() == CronDialect.SPRING ? "6" : "6 or 7") + " with seconds first",
            "add the seconds field first (e.g. '0 " + text + "'), or remove the dialect to read it as Unix cron");
      }
      return CronDialect.UNIX;
    }
    if (named.isPresent() && named.get() == CronDialect.UNIX) {
      throw new ScheduleException("schedule '" + text + "' has " + count + " fields, but dialect unix takes 5",
          "remove the seconds field, or say 'dialect: quartz' or 'dialect: spring'");
    }
    if (named.isPresent() && named.get() == CronDialect.SPRING && count == 7) {
      throw new ScheduleException("schedule '" + text + "' has 7 fields, but dialect spring takes 6 (no year)",
          "remove the year field, or say 'dialect: quartz'");
    }
    if (strict && named.isEmpty() && NUMBERED_DAY.matcher(written[5]).find()) {
      throw new ScheduleException("schedule '" + text + "': day-of-week '" + written[5]
          + "' is numbered, and 6-field dialects number days differently (Quartz 1 = Sunday, Spring 1 = Monday)",
          DIALECT_HINT);
    }
    return named.orElse(CronDialect.QUARTZ);
  }

  private static boolean isStar(String field) {
    return field.startsWith("*") || field.equals("?");
  }

  private Cron parseWithCronUtils(CronDialect dialect, String text, List<String> resolved) {
    try {
      return parsers.get(dialect).parse(String.join(" ", resolved));
    } catch (IllegalArgumentException whole) {
      for (int i = 0; i < resolved.size(); i++) {
        List<String> probe = new ArrayList<>();
        for (int j = 0; j < resolved.size(); j++) {
          probe.add(j == i ? resolved.get(j) : "*");
        }
        try {
          parsers.get(dialect).parse(String.join(" ", probe));
        } catch (IllegalArgumentException inField) {
          throw fieldError(dialect, dialect.fields.get(i), text, resolved.get(i), inField.getMessage());
        }
      }
      throw new ScheduleException("schedule '" + text + "': " + cleanMessage(whole.getMessage()), FORMS_HINT);
    }
  }

  private static ScheduleException fieldError(
      CronDialect dialect, CronDialect.Field field, String text, String value, String message) {
    String reason = cleanMessage(message);
    Matcher range = OUT_OF_RANGE.matcher(reason);
    Matcher backwards = BACKWARDS.matcher(reason);
    String hint = field.hint();
    if (range.find()) {
      reason = field.name() + " " + range.group(1) + " is outside " + field.min() + "-" + field.max();
    } else if (backwards.find()) {
      reason = field.name() + " range " + backwards.group(1) + "-" + backwards.group(2) + " runs backwards";
      hint = "write the smaller value first (ranges do not wrap around), or a list such as '22,23,0-2'";
    } else if (dialect == CronDialect.UNIX && value.matches(".*[LW#?].*")) {
      reason = field.name() + " '" + value + "': L, W, # and ? need the 6/7-field form";
      hint = "write the Quartz form with seconds first, e.g. '0 0 12 L * ?' for noon on the last day of the month";
    } else if (reason.startsWith("Invalid chars")) {
      reason = field.name() + " '" + value + "' is not a number, range, step or name";
    } else {
      reason = field.name() + " '" + value + "' is not valid (" + reason + ")";
    }
    return new ScheduleException("schedule '" + text + "': " + reason, hint);
  }

  private static String cleanMessage(String message) {
    String prefix = "Failed to parse cron expression. ";
    String clean = message == null ? "unreadable" : message;
    return clean.startsWith(prefix) ? clean.substring(prefix.length()) : clean;
  }

  /** What Quartz itself would reject, and cron-utils lets through. */
  private static void checkQuartzLimits(CronDialect dialect, String text, List<String> resolved) {
    if (!dialect.hasSeconds()) {
      return;
    }
    Matcher nth = Pattern.compile("#(\\d+)").matcher(resolved.get(5));
    while (nth.find()) {
      int n = Integer.parseInt(nth.group(1));
      if (n < 1 || n > 5) {
        throw new ScheduleException("schedule '" + text + "': day-of-week #" + n + " is outside 1-5",
            "a month has at most five of each weekday: write 2#1 to 2#5, or 2L for the last Monday");
      }
    }
    Matcher offset = Pattern.compile("L-(\\d+)").matcher(resolved.get(3));
    while (offset.find()) {
      int n = Integer.parseInt(offset.group(1));
      if (n > 30) {
        throw new ScheduleException("schedule '" + text + "': day-of-month L-" + n + " is outside L-1 to L-30",
            "write L-1 for the day before the last day of the month, up to L-30");
      }
    }
  }

  private static String describe(Cron cron, CronFields fields) {
    String english = CronDescriptor.instance(Locale.ENGLISH).describe(cron);
    DayRule days = fields.days();
    boolean bothDayFields = !days.eitherMatches()
        && cron.retrieve(CronFieldName.DAY_OF_MONTH).getExpression().asString().startsWith("*/")
        && !cron.retrieve(CronFieldName.DAY_OF_WEEK).getExpression().asString().matches("[*?]");
    if (days.eitherMatches()) {
      return english + " (on days that match the day-of-month OR the day-of-week)";
    }
    if (bothDayFields) {
      return english + " (only on days that match both the day-of-month AND the day-of-week)";
    }
    return english;
  }
}
