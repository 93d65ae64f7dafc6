package io.cronbeat.timing;

import com.cronutils.model.Cron;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.field.expression.Always;
import com.cronutils.model.field.expression.And;
import com.cronutils.model.field.expression.Between;
import com.cronutils.model.field.expression.Every;
import com.cronutils.model.field.expression.FieldExpression;
import com.cronutils.model.field.expression.On;
import com.cronutils.model.field.expression.QuestionMark;
import com.cronutils.model.field.value.SpecialChar;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/** Turns cron-utils' parse of an expression into the value sets that {@link CronFields} searches. */
final class CronFieldsReader {

  private final CronDialect dialect;

  CronFieldsReader(CronDialect dialect) {
    this.dialect = dialect;
  }

  /**
   * @param dayOfMonthStar the day-of-month field was written starting with {@code *} or as {@code ?}
   * @param dayOfWeekStar the same for day-of-week
   */
  CronFields read(Cron cron, boolean dayOfMonthStar, boolean dayOfWeekStar) {
    BitSet seconds = new BitSet(60);
    if (dialect.hasSeconds()) {
      values(cron, CronFieldName.SECOND, 0, 59, seconds, v -> v);
    } else {
      seconds.set(0);
    }
    BitSet years = null;
    if (dialect == CronDialect.QUARTZ && cron.retrieve(CronFieldName.YEAR) != null) {
      years = new BitSet();
      values(cron, CronFieldName.YEAR, 1970, 2099, years, v -> v);
    }
    return new CronFields(
        seconds,
        values(cron, CronFieldName.MINUTE, 0, 59, new BitSet(60), v -> v),
        values(cron, CronFieldName.HOUR, 0, 23, new BitSet(24), v -> v),
        values(cron, CronFieldName.MONTH, 1, 12, new BitSet(13), v -> v),
        years,
        days(cron, dayOfMonthStar, dayOfWeekStar));
  }

  private DayRule days(Cron cron, boolean dayOfMonthStar, boolean dayOfWeekStar) {
    BitSet daysOfMonth = new BitSet(32);
    Set<Integer> lastDayOffsets = new HashSet<>();
    Set<Integer> nearestWeekdays = new HashSet<>();
    boolean[] lastWeekday = {false};
    for (FieldExpression term : terms(cron.retrieve(CronFieldName.DAY_OF_MONTH).getExpression())) {
      if (term instanceof On on && on.getSpecialChar().getValue() != SpecialChar.NONE) {
        switch (on.getSpecialChar().getValue()) {
          case L -> lastDayOffsets.add(Math.max(0, on.getNth().getValue()));
          case W -> nearestWeekdays.add(on.getTime().getValue());
          case LW -> lastWeekday[0] = true;
          default -> throw unsupported("day-of-month", term);
        }
      } else {
        addValues(term, 1, 31, daysOfMonth, v -> v);
      }
    }
    BitSet daysOfWeek = new BitSet(7);
    Set<Integer> lastDaysOfWeek = new HashSet<>();
    Set<Integer> nthDaysOfWeek = new HashSet<>();
    CronDialect.Field dow = dialect.fields.get(dialect.dayOfMonthIndex() + 2);
    for (FieldExpression term : terms(cron.retrieve(CronFieldName.DAY_OF_WEEK).getExpression())) {
      if (term instanceof On on && on.getSpecialChar().getValue() != SpecialChar.NONE) {
        int weekday = dialect.weekday(on.getTime().getValue());
        switch (on.getSpecialChar().getValue()) {
          case L -> lastDaysOfWeek.add(weekday);
          case HASH -> nthDaysOfWeek.add(weekday * 10 + on.getNth().getValue());
          default -> throw unsupported("day-of-week", term);
        }
      } else {
        addValues(term, dow.min(), dow.max(), daysOfWeek, dialect::weekday);
      }
    }
    boolean either = !dayOfMonthStar && !dayOfWeekStar;
    return new DayRule(
        daysOfMonth, lastDayOffsets, nearestWeekdays, lastWeekday[0], daysOfWeek, lastDaysOfWeek, nthDaysOfWeek, either);
  }

  private static Iterable<FieldExpression> terms(FieldExpression expression) {
    return expression instanceof And and ? and.getExpressions() : List.of(expression);
  }

  private static BitSet values(Cron cron, CronFieldName name, int min, int max, BitSet out, IntUnaryOperator map) {
    addValues(cron.retrieve(name).getExpression(), min, max, out, map);
    return out;
  }

  private static void addValues(FieldExpression term, int min, int max, BitSet out, IntUnaryOperator map) {
    if (term instanceof Always || term instanceof QuestionMark) {
      setRange(min, max, 1, out, map);
    } else if (term instanceof On on) {
      out.set(map.applyAsInt(on.getTime().getValue()));
    } else if (term instanceof Between between) {
      setRange(number(between.getFrom().getValue()), number(between.getTo().getValue()), 1, out, map);
    } else if (term instanceof Every every) {
      int step = every.getPeriod().getValue();
      FieldExpression base = every.getExpression();
      if (base instanceof Between between) {
        setRange(number(between.getFrom().getValue()), number(between.getTo().getValue()), step, out, map);
      } else if (base instanceof On on) {
        setRange(on.getTime().getValue(), max, step, out, map);
      } else {
        setRange(min, max, step, out, map);
      }
    } else if (term instanceof And and) {
      and.getExpressions().forEach(inner -> addValues(inner, min, max, out, map));
    } else {
      throw new ScheduleException("unsupported cron term '" + term.asString() + "'", "");
    }
  }

  private static int number(Object value) {
    if (value instanceof Integer number) {
      return number;
    }
    throw new ScheduleException("'" + value + "' cannot be used in a range", "write numbers or names in ranges");
  }

  private static void setRange(int from, int to, int step, BitSet out, IntUnaryOperator map) {
    for (int value = from; value <= to; value += step) {
      out.set(map.applyAsInt(value));
    }
  }

  private static ScheduleException unsupported(String field, FieldExpression term) {
    return new ScheduleException(field + " '" + term.asString() + "' is not supported", "");
  }
}
