package io.cronbeat.job;

import java.util.ArrayList;
import java.util.List;

/**
 * A shell command read as far as naming a job and spotting its log files needs: simple
 * commands (split at {@code && || ; | &}, newlines and brackets) as words with quotes removed,
 * and the targets of output redirections. Not a shell parser: expansions are left as written.
 *
 * @param commands the words of each simple command, in order
 * @param outputs where {@code >}, {@code >>}, {@code 2>}, {@code &>} send output, as written
 */
record ShellWords(List<List<String>> commands, List<String> outputs) {

  static ShellWords of(String script) {
    return new Reader(script).read();
  }

  private static final class Reader {
    private final String text;
    private final List<List<String>> commands = new ArrayList<>();
    private final List<String> outputs = new ArrayList<>();
    private List<String> words = new ArrayList<>();
    private StringBuilder word;
    private boolean redirectOutput;
    private boolean redirectInput;

    Reader(String text) {
      this.text = text;
    }

    ShellWords read() {
      int i = 0;
      while (i < text.length()) {
        char c = text.charAt(i);
        if (c == '\'') {
          int end = text.indexOf('\'', i + 1);
          end = end < 0 ? text.length() : end;
          current().append(text, i + 1, end);
          i = end + 1;
        } else if (c == '"') {
          i = doubleQuoted(i + 1);
        } else if (c == '`' || c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '(') {
          i = substitution(i);
        } else if (c == '\\' && i + 1 < text.length()) {
          current().append(text.charAt(i + 1));
          i += 2;
        } else if (c == '#' && word == null) {
          int end = text.indexOf('\n', i);
          i = end < 0 ? text.length() : end;
        } else if (c == '>' || c == '<' || (c == '&' && i + 1 < text.length() && text.charAt(i + 1) == '>')) {
          i = redirection(i);
        } else if ("&|;()\n".indexOf(c) >= 0) {
          endCommand();
          i++;
        } else if (Character.isWhitespace(c)) {
          endWord();
          i++;
        } else {
          current().append(c);
          i++;
        }
      }
      endCommand();
      return new ShellWords(List.copyOf(commands), List.copyOf(outputs));
    }

    private int doubleQuoted(int from) {
      int i = from;
      while (i < text.length() && text.charAt(i) != '"') {
        if (text.charAt(i) == '\\' && i + 1 < text.length() && "\"\\$`".indexOf(text.charAt(i + 1)) >= 0) {
          i++;
        }
        current().append(text.charAt(i));
        i++;
      }
      return i + 1;
    }

    /** {@code $(...)}, {@code $((...))} and backquotes stay inside the word, as written. */
    private int substitution(int from) {
      int i = from;
      if (text.charAt(i) == '`') {
        int end = text.indexOf('`', i + 1);
        end = end < 0 ? text.length() : end + 1;
        current().append(text, i, end);
        return end;
      }
      int depth = 0;
      do {
        char c = text.charAt(i);
        depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        current().append(c);
        i++;
      } while (i < text.length() && (depth > 0 || text.charAt(i - 1) == '$'));
      return i;
    }

    /** {@code 2>>file}, {@code &>file}, {@code >&2}: the operator, then its target is the next word. */
    private int redirection(int at) {
      boolean output = text.charAt(at) != '<';
      if (word != null && word.toString().matches("\\d+")) {
        word = null; // a file descriptor number, not an argument
      }
      endWord();
      int i = at + 1;
      while (i < text.length() && ">&|".indexOf(text.charAt(i)) >= 0) {
        i++;
      }
      redirectOutput = output;
      redirectInput = !output;
      return i;
    }

    private StringBuilder current() {
      if (word == null) {
        word = new StringBuilder();
      }
      return word;
    }

    private void endWord() {
      if (word == null) {
        return;
      }
      String done = word.toString();
      word = null;
      if (redirectOutput) {
        outputs.add(done);
      } else if (!redirectInput && !done.equals("{") && !done.equals("}")) {
        words.add(done);
      }
      redirectOutput = false;
      redirectInput = false;
    }

    private void endCommand() {
      endWord();
      if (!words.isEmpty()) {
        commands.add(List.copyOf(words));
      }
      words = new ArrayList<>();
    }
  }
}
