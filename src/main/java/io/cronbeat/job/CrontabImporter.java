package io.cronbeat.job;

import io.cronbeat.timing.ScheduleException;
import io.cronbeat.timing.ScheduleParser;
import io.cronbeat.timing.Zones;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts a crontab (user or system format) into a job file. Environment lines become each
 * later job's {@code env}, {@code CRON_TZ} its zone, {@code %} its standard input; what has no
 * equivalent ({@code @reboot}, {@code MAILTO}, the user column) is reported, line by line.
 */
public final class CrontabImporter {

  private static final Pattern ENV_LINE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.*)");
  private static final Pattern JOB_NAME_CHARS = Pattern.compile("[^a-z0-9._-]+");

  /**
   * @param yaml the job file
   * @param notes one line per crontab line that was not converted as it stood, and why
   */
  public record Result(String yaml, List<String> notes, int jobs) {}

  private final boolean system;
  private final ScheduleParser parser = new ScheduleParser();

  /** @param system true for /etc/crontab format: a user column between the schedule and the command */
  public CrontabImporter(boolean system) {
    this.system = system;
  }

  /** @param now schedules that never fire after it are reported, not converted */
  public Result convert(String crontab, String source, java.time.Instant now) {
    Map<String, String> env = new LinkedHashMap<>();
    String zone = null;
    List<String> notes = new ArrayList<>();
    Set<String> names = new HashSet<>();
    StringBuilder yaml = new StringBuilder("# Converted from ").append(source).append(" by 'scheduler import-crontab'.\n")
        .append("# cron neither catches up missed runs nor prevents overlaps; these jobs keep that behaviour\n")
        .append("# (catch-up: none, overlap: allow). Review, then change what cron could not do.\n")
        .append("jobs:\n");
    int count = 0;
    String[] lines = crontab.split("\\r?\\n", -1);
    for (int number = 1; number <= lines.length; number++) {
      String line = lines[number - 1].strip();
      String where = source + ":" + number + ": ";
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher variable = ENV_LINE.matcher(line);
      if (variable.matches() && !line.startsWith("@")) {
        String name = variable.group(1);
        String value = unquote(variable.group(2).strip());
        switch (name) {
          case "MAILTO" -> notes.add(where + "MAILTO=" + value + " not converted: cronbeat does not send mail;"
              + " add 'notify: {command: ..., on: [failure]}' or a webhook to the jobs that need it");
          case "SHELL" -> {
            if (!value.equals("/bin/sh")) {
              notes.add(where + "SHELL=" + value + " not converted: string commands run with /bin/sh -c;"
                  + " write the command as a list, e.g. [\"" + value + "\", \"-c\", \"...\"], to use another shell");
            }
          }
          case "CRON_TZ", "TZ" -> {
            try {
              zone = Zones.parse(value).getId();
            } catch (ScheduleException e) {
              notes.add(where + name + "=" + value + " not converted: " + e.getMessage());
            }
          }
          default -> env.put(name, value);
        }
        continue;
      }
      Entry entry = split(line);
      if (entry == null) {
        notes.add(where + "not converted: not a job line (expected 5 time fields, or a macro, then "
            + (system ? "a user and " : "") + "a command)");
        continue;
      }
      if (entry.schedule().equalsIgnoreCase("@reboot")) {
        notes.add(where + "@reboot not converted: cronbeat runs jobs on a clock; start '" + entry.command()
            + "' from your service manager");
        continue;
      }
      try {
        if (parser.parse(entry.schedule(), zone == null ? ZoneId.of("UTC") : ZoneId.of(zone), "import").nextAfter(now).isEmpty()) {
          notes.add(where + "not converted: schedule '" + entry.schedule() + "' never fires");
          continue;
        }
      } catch (ScheduleException e) {
        notes.add(where + "not converted: " + e.getMessage());
        continue;
      }
      String name = uniqueName(entry.command(), names);
      if (entry.user() != null) {
        notes.add(where + "job " + name + " ran as user " + entry.user() + "; cronbeat runs it as the node's user");
      }
      appendJob(yaml, name, entry, env, zone, source + " line " + number);
      count++;
    }
    if (count == 0) {
      yaml.setLength(yaml.lastIndexOf("jobs:\n"));
      yaml.append("jobs: {}\n");
    }
    return new Result(yaml.toString(), List.copyOf(notes), count);
  }

  private record Entry(String schedule, String user, String command) {}

  private Entry split(String line) {
    String[] parts = line.split("\\s+", line.startsWith("@") ? (system ? 3 : 2) : (system ? 7 : 6));
    int timeFields = line.startsWith("@") ? 1 : 5;
    int needed = timeFields + (system ? 1 : 0) + 1;
    if (parts.length < needed) {
      return null;
    }
    String schedule = String.join(" ", java.util.Arrays.copyOfRange(parts, 0, timeFields));
    return new Entry(schedule, system ? parts[timeFields] : null, parts[needed - 1]);
  }

  private static void appendJob(StringBuilder yaml, String name, Entry entry, Map<String, String> env, String zone,
      String origin) {
    yaml.append("  ").append(name).append(":\n");
    yaml.append("    description: ").append(quote("from " + origin)).append('\n');
    yaml.append("    schedule: ").append(quote(entry.schedule())).append('\n');
    if (zone != null) {
      yaml.append("    timezone: ").append(quote(zone)).append('\n');
    }
    yaml.append("    command: ").append(quote(shellCommand(entry.command()))).append('\n');
    if (!env.isEmpty()) {
      yaml.append("    env:\n");
      env.forEach((key, value) -> yaml.append("      ").append(key).append(": ").append(quote(value)).append('\n'));
    }
    yaml.append("    catch-up: none\n    overlap: allow\n");
  }

  /**
   * cron's {@code %}: the first unescaped one ends the command and starts its standard input,
   * later ones are newlines in it; {@code \%} is a literal percent sign.
   */
  static String shellCommand(String cron) {
    StringBuilder command = new StringBuilder();
    List<String> input = null;
    StringBuilder current = command;
    for (int i = 0; i < cron.length(); i++) {
      char c = cron.charAt(i);
      if (c == '\\' && i + 1 < cron.length() && cron.charAt(i + 1) == '%') {
        current.append('%');
        i++;
      } else if (c == '%') {
        if (input == null) {
          input = new ArrayList<>();
        } else {
          input.add(current.toString());
        }
        current = new StringBuilder();
      } else {
        current.append(c);
      }
    }
    if (input == null) {
      return command.toString();
    }
    input.add(current.toString());
    return "printf '%s' " + singleQuoted(String.join("\n", input)) + " | " + command.toString().strip();
  }

  private static String singleQuoted(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  private static String uniqueName(String command, Set<String> taken) {
    String program = command.strip().split("\\s+")[0];
    String base = program.substring(program.lastIndexOf('/') + 1).replaceFirst("\\.[a-z]{1,4}$", "")
        .toLowerCase(Locale.ROOT);
    base = JOB_NAME_CHARS.matcher(base).replaceAll("-").replaceAll("^[^a-z0-9]+", "").replaceAll("-+$", "");
    if (base.isEmpty()) {
      base = "job";
    }
    base = base.substring(0, Math.min(base.length(), 56));
    String name = base;
    for (int n = 2; !taken.add(name); n++) {
      name = base + "-" + n;
    }
    return name;
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }

  /** A YAML double-quoted scalar (JSON escaping is valid YAML). */
  static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\t' -> quoted.append("\\t");
        default -> {
          if (c < 0x20) {
            quoted.append(String.format("\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }
}
