package io.cronbeat.timing;

import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The cron forms cronbeat reads: 5-field Unix, and two 6-field forms with seconds first that
 * number the days of the week differently: Quartz (1 = Sunday .. 7 = Saturday, an optional
 * year) and Spring's {@code @Scheduled} (0 or 7 = Sunday, 1 = Monday .. 6 = Saturday).
 */
public enum CronDialect {
  UNIX(
      List.of(
          Fields.MINUTE,
          Fields.HOUR,
          new Field("day-of-month", 1, 31, "days of the month go from 1 to 31, e.g. '1' or '1,15'"),
          new Field("month", 1, 12, "months go from 1 to 12 or JAN to DEC, e.g. '1-6' or 'jan,jul'"),
          new Field("day-of-week", 0, 7, "days of the week go from 0 to 7 (0 and 7 are Sunday) or SUN to SAT, e.g. '1-5' or 'mon-fri'")),
      CronDefinitionBuilder.defineCron()
          .withMinutes().withStrictRange().and()
          .withHours().withStrictRange().and()
          .withDayOfMonth().withStrictRange().and()
          .withMonth().withStrictRange().and()
          .withDayOfWeek().withValidRange(0, 7).withMondayDoWValue(1).withIntMapping(7, 0).withStrictRange().and()
          .instance()),
  QUARTZ(
      Fields.withSeconds(
          new Field("day-of-week", 1, 7, "in Quartz days of the week go from 1 (Sunday) to 7 (Saturday) or SUN to SAT; also 6L (last Friday), 2#3 (third Monday) or ?"),
          new Field("year", 1970, 2099, "years go from 1970 to 2099, e.g. '2027' or '2027-2030'")),
      CronDefinitionBuilder.defineCron()
          .withSeconds().withStrictRange().and()
          .withMinutes().withStrictRange().and()
          .withHours().withStrictRange().and()
          .withDayOfMonth().supportsL().supportsW().supportsLW().supportsQuestionMark().withStrictRange().and()
          .withMonth().withStrictRange().and()
          .withDayOfWeek().withValidRange(1, 7).withMondayDoWValue(2).supportsHash().supportsL().supportsQuestionMark()
          .withStrictRange().and()
          .withYear().withValidRange(1970, 2099).withStrictRange().optional().and()
          .instance()),
  /** Spring's {@code CronExpression}; cron-utils' own SPRING definition numbers days the same way (1 = Monday). */
  SPRING(
      Fields.withSeconds(
          new Field("day-of-week", 0, 7, "in Spring days of the week go from 0 to 7 (0 and 7 are Sunday, 1 is Monday) or SUN to SAT; also 5L (last Friday), 1#3 (third Monday) or ?")),
      CronDefinitionBuilder.defineCron()
          .withSeconds().withStrictRange().and()
          .withMinutes().withStrictRange().and()
          .withHours().withStrictRange().and()
          .withDayOfMonth().supportsL().supportsW().supportsLW().supportsQuestionMark().withStrictRange().and()
          .withMonth().withStrictRange().and()
          .withDayOfWeek().withValidRange(0, 7).withMondayDoWValue(1).withIntMapping(7, 0).supportsHash().supportsL()
          .supportsQuestionMark().withStrictRange().and()
          .instance());

  /** The words a job file, the configuration and {@code --dialect} take. */
  public static final String WORDS = "unix, quartz or spring";

  /** One field of the expression, with its range and a hint on what it takes. */
  record Field(String name, int min, int max, String hint) {}

  /** Fields the dialects share. A holder: an enum's constants cannot read its own static fields. */
  private static final class Fields {
    static final Field MINUTE = new Field("minute", 0, 59, "minutes go from 0 to 59, e.g. '0', '*/15' or '0,30'");
    static final Field HOUR = new Field("hour", 0, 23, "hours go from 0 to 23, e.g. '9' or '9-17'");
    /** Quartz's and Spring's first five: seconds, then the Unix fields with Quartz's L, W and ?. */
    static final List<Field> SECONDS_FIRST = List.of(
        new Field("second", 0, 59, "seconds go from 0 to 59, e.g. '0' or '*/10'"),
        MINUTE,
        HOUR,
        new Field("day-of-month", 1, 31, "days of the month go from 1 to 31; also L, L-3, 15W, LW or ?"),
        new Field("month", 1, 12, "months go from 1 to 12 or JAN to DEC, e.g. '1-6' or 'JAN,JUL'"));

    static List<Field> withSeconds(Field... rest) {
      return Stream.concat(SECONDS_FIRST.stream(), Stream.of(rest)).toList();
    }
  }

  final List<Field> fields;
  final CronDefinition definition;

  CronDialect(List<Field> fields, CronDefinition definition) {
    this.fields = fields;
    this.definition = definition;
  }

  /** The dialect a word names ({@code unix}, {@code quartz}, {@code spring}, any case). */
  public static Optional<CronDialect> named(String word) {
    for (CronDialect dialect : values()) {
      if (dialect.word().equalsIgnoreCase(word.strip())) {
        return Optional.of(dialect);
      }
    }
    return Optional.empty();
  }

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  boolean hasSeconds() {
    return this != UNIX;
  }

  /** Index of the day-of-month field; day-of-week follows two places later. */
  int dayOfMonthIndex() {
    return hasSeconds() ? 3 : 2;
  }

  /** Maps a day-of-week value of this dialect to 0 = Sunday .. 6 = Saturday. */
  int weekday(int value) {
    return this == QUARTZ ? value - 1 : value % 7;
  }
}
