package io.cronbeat.job;

import io.cronbeat.timing.ScheduleException;
import io.cronbeat.timing.ScheduleParser;
import io.cronbeat.timing.Zones;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts a crontab (user or system format) into a job file that runs each line the way cron
 * did: environment lines become each later job's {@code env}, {@code CRON_TZ} its zone,
 * {@code SHELL} its shell, {@code %} its standard input. Every line that needs a second look is
 * reported, with its line number: what has no equivalent ({@code @reboot}, {@code MAILTO}, the
 * user column), what is almost always a mistake ({@code %} in a date format), commands the shell
 * cannot parse, and output that goes to a log file rather than into the run's history.
 */
public final class CrontabImporter {

  private static final Pattern ENV_LINE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.*)");
  private static final String SH = "/bin/sh";
  /** What a job line starts with: a macro, or a minute field (digits, '*', a range or a list). */
  private static final Pattern JOB_START = Pattern.compile("@|[0-9*]");

  /**
   * @param system /etc/crontab format: every line has a user column before the command
   * @param users user names: in a user crontab, a line whose 6th field is one of them has a user column
   */
  public record Options(boolean system, Set<String> users) {
    public Options {
      users = Set.copyOf(users);
    }
  }

  /**
   * @param yaml the job file
   * @param notes one line per crontab line that needs a second look, and why
   */
  public record Result(String yaml, List<String> notes, int jobs) {}

  private final Options options;
  private final ScheduleParser parser = new ScheduleParser();

  public CrontabImporter(Options options) {
    this.options = options;
  }

  /** @param now schedules that never fire after it are reported, not converted */
  public Result convert(String crontab, String source, Instant now) {
    return new Conversion(source, now).run(crontab.split("\\r?\\n", -1));
  }

  /** The state one crontab builds up as it is read, line by line. */
  private final class Conversion {
    private final String source;
    private final Instant now;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final List<CrontabYaml.Item> items = new ArrayList<>();
    private final CrontabNames names = new CrontabNames();
    private String zone;
    private String shell = SH;
    private String where;
    private int jobs;

    Conversion(String source, Instant now) {
      this.source = source;
      this.now = now;
    }

    Result run(String[] lines) {
      for (int number = 1; number <= lines.length; number++) {
        where = source + ":" + number + ": ";
        line(lines[number - 1].strip(), number);
      }
      while (!items.isEmpty() && items.get(items.size() - 1) instanceof CrontabYaml.Blank) {
        items.remove(items.size() - 1);
      }
      return new Result(CrontabYaml.write(source, items), List.copyOf(notes), jobs);
    }

    private void line(String line, int number) {
      if (line.isEmpty()) {
        if (!items.isEmpty() && !(items.get(items.size() - 1) instanceof CrontabYaml.Blank)) {
          items.add(new CrontabYaml.Blank());
        }
        return;
      }
      if (line.startsWith("#")) {
        items.add(new CrontabYaml.Comment(line.substring(1)));
        return;
      }
      Matcher variable = ENV_LINE.matcher(line);
      if (variable.matches()) {
        variable(variable.group(1), unquote(variable.group(2).strip()));
        return;
      }
      String problem = job(line, number);
      if (problem != null) {
        notes.add(where + problem);
        items.add(new CrontabYaml.Comment(" not converted (line " + number + "): " + line));
      }
    }

    private void variable(String name, String value) {
      switch (name) {
        case "MAILTO" -> notes.add(where + (value.isEmpty()
            ? "MAILTO=\"\": no mail, as in cron; cronbeat sends none and keeps each run's output in its history"
            : "MAILTO=" + value + " not converted: cronbeat does not send mail;"
                + " add 'notify: {command: ..., on: [failure]}' or a webhook to the jobs that need it"));
        case "SHELL" -> {
          shell = value;
          if (!value.equals(SH)) {
            notes.add(where + "SHELL=" + value + ": the jobs after it run as [\"" + value + "\", \"-c\", \"...\"]"
                + (new ShellSyntax(value).available() ? ", checked with " + value + " -n"
                    : "; " + value + " is not on this machine, so their syntax is not checked"));
          }
        }
        case "CRON_TZ" -> {
          try {
            zone = Zones.parse(value).getId();
          } catch (ScheduleException e) {
            notes.add(where + name + "=" + value + " not converted: " + e.getMessage());
          }
        }
        case "TZ" -> {
          env.put(name, value);
          notes.add(where + "TZ=" + value + ": kept in the env of the jobs after it; cron does not schedule by TZ"
              + " (CRON_TZ sets a crontab's zone), so these jobs keep the node's zone");
        }
        default -> env.put(name, value);
      }
    }

    /** @return why the line was not converted, or null when it was */
    private String job(String line, int number) {
      Entry entry = JOB_START.matcher(line).lookingAt() ? split(line) : null;
      if (entry == null) {
        return "not converted: not a job line (expected 5 time fields, or a macro, then "
            + (options.system() ? "a user and " : "") + "a command)";
      }
      if (entry.schedule().equalsIgnoreCase("@reboot")) {
        return "@reboot not converted: cronbeat runs jobs on a clock; start '" + entry.command() + "' from your service manager";
      }
      try {
        if (parser.parse(entry.schedule(), zone == null ? ZoneOffset.UTC : ZoneId.of(zone), "import").nextAfter(now).isEmpty()) {
          return "not converted: schedule '" + entry.schedule() + "' never fires";
        }
      } catch (ScheduleException e) {
        return "not converted: " + e.getMessage();
      }
      CronPercent percent = CronPercent.of(entry.command());
      if (percent.command().isBlank()) {
        return "not converted: the command is empty (cron ends it at the first '%', so it runs nothing)";
      }
      String script = percent.script();
      ShellSyntax syntax = new ShellSyntax(shell);
      if (syntax.available()) {
        Optional<String> error = syntax.complaint(script).map(ShellSyntax.Complaint::message);
        if (error.isPresent()) {
          return "not converted: " + (percent.input().isPresent()
              ? "cron ends the command at the first '%', and " + shell + " -n rejects what is left ('"
                  + percent.command().strip() + "'): " + error.get() + "; write \\% for a percent sign"
              : shell + " -n rejects the command: " + error.get() + "; fix it and import again");
        }
      }
      String name = names.next(percent.command());
      if (entry.user() != null) {
        notes.add(where + "job " + name + (options.system() ? " ran as user " + entry.user()
            : ": 6th field '" + entry.user() + "' is a user name, read as /etc/crontab's user column"
                + " (cron would run '" + entry.user() + "' as the command)") + "; cronbeat runs it as the node's user");
      }
      percent.input().ifPresent(input -> notes.add(where + "job " + name + ": cron ends the command at the first '%' and"
          + " feeds the rest as standard input, so it runs '" + percent.command().strip() + "' with input "
          + CrontabYaml.quote(input) + "; converted the same way; write \\% in the crontab if you meant a percent sign"));
      List<String> logs = ShellWords.of(percent.command()).outputs().stream()
          .filter(target -> !target.equals("/dev/null") && !target.matches("\\d+|-")).distinct().toList();
      if (!logs.isEmpty()) {
        notes.add(where + "job " + name + ": output goes to " + String.join(", ", logs)
            + " (redirect kept): history will not show this output; remove the redirect to keep it");
      }
      items.add(new CrontabYaml.Job(name, source + " line " + number, entry.schedule(), zone,
          shell.equals(SH) ? null : shell, script, Collections.unmodifiableMap(new LinkedHashMap<>(env))));
      jobs++;
      return null;
    }
  }

  private record Entry(String schedule, String user, String command) {}

  private Entry split(String line) {
    boolean macro = line.startsWith("@");
    int timeFields = macro ? 1 : 5;
    String[] parts = line.split("\\s+", timeFields + 2);
    if (parts.length < timeFields + 1) {
      return null;
    }
    String schedule = String.join(" ", Arrays.copyOfRange(parts, 0, timeFields));
    String rest = line.substring(line.indexOf(parts[timeFields], schedule.length()));
    String[] user = rest.split("\\s+", 2);
    boolean userColumn = options.system()
        || options.users().contains(user[0]) && user.length == 2 && !user[1].startsWith("-");
    if (!userColumn) {
      return new Entry(schedule, null, rest);
    }
    return user.length < 2 ? null : new Entry(schedule, user[0], user[1]);
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}
