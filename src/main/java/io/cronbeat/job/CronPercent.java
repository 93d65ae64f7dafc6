package io.cronbeat.job;

import java.util.Optional;

/**
 * What cron does with {@code %} in a command (Vixie cron and cronie, do_command.c): the first
 * unescaped {@code %} ends the command, and the rest is written to its standard input with every
 * further unescaped {@code %} turned into a newline and a final newline added; {@code \%} is a
 * percent sign, any other backslash stays as written.
 *
 * @param command what cron hands to the shell
 * @param input the standard input cron feeds it, if the line had an unescaped {@code %}
 */
record CronPercent(String command, Optional<String> input) {

  static CronPercent of(String line) {
    StringBuilder command = new StringBuilder();
    int i = 0;
    boolean escaped = false;
    for (; i < line.length(); i++) {
      char c = line.charAt(i);
      if (escaped) {
        if (c == '%') {
          command.setLength(command.length() - 1); // the backslash goes, the % stays
        }
        command.append(c);
        escaped = false;
      } else if (c == '%') {
        break;
      } else {
        command.append(c);
        escaped = c == '\\';
      }
    }
    if (i >= line.length()) {
      return new CronPercent(command.toString(), Optional.empty());
    }
    return new CronPercent(command.toString(), Optional.of(input(line.substring(i + 1))));
  }

  private static String input(String rest) {
    StringBuilder input = new StringBuilder();
    boolean escaped = false;
    for (char c : rest.toCharArray()) {
      if (escaped && c != '%') {
        input.append('\\');
      }
      char out = !escaped && c == '%' ? '\n' : c;
      escaped = out == '\\';
      if (!escaped) {
        input.append(out);
      }
    }
    if (escaped) {
      input.append('\\');
    }
    if (!input.isEmpty() && input.charAt(input.length() - 1) != '\n') {
      input.append('\n');
    }
    return input.toString();
  }

  /**
   * A shell script that runs {@link #command} with {@link #input} as its standard input, as cron
   * does: the shell's own standard input is replaced with a here-document, so the command runs
   * unchanged (no pipe, no subshell).
   */
  String script() {
    if (input.isEmpty()) {
      return command;
    }
    if (input.get().isEmpty()) {
      return "exec </dev/null\n" + command;
    }
    String end = "CRON_STDIN";
    for (int n = 2; input.get().contains(end); n++) {
      end = "CRON_STDIN_" + n;
    }
    return "exec <<'" + end + "'\n" + input.get() + end + "\n" + command.strip();
  }
}
