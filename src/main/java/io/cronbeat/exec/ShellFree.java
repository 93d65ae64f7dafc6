package io.cronbeat.exec;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A string command that {@code /bin/sh -c} would only split into words and execute, run without
 * the shell: one exec less per attempt. It applies only where the shell would make no
 * difference: plain words separated by blanks, no character the shell gives a meaning to, and a
 * first word that is not a builtin or keyword (so {@code exit 3}, {@code cd /x} or {@code echo -e}
 * keep the shell's meaning). The caller still falls back to the shell when the program is not
 * found, so a typo fails as before: the shell's "not found" in the log and exit 127.
 */
final class ShellFree {

  private static final String SH = "/bin/sh";
  /** Quotes, expansions, escapes, operators, redirections, globs, comments, assignments, grouping. */
  private static final String SHELL_CHARACTERS = "'\"$`\\;&|<>()*?[]~#=!{}\n\r";
  /** The builtins of dash and bash, and the shell's reserved words. */
  private static final Set<String> SHELL_WORDS = Set.of(
      ".", ":", "[", "[[", "]]", "alias", "bg", "bind", "break", "builtin", "case", "cd", "chdir", "command", "compgen",
      "complete", "continue", "declare", "dirs", "disown", "do", "done", "echo", "elif", "else", "enable", "esac", "eval",
      "exec", "exit", "export", "false", "fc", "fg", "fi", "for", "function", "getopts", "hash", "help", "history", "if",
      "in", "jobs", "kill", "let", "local", "logout", "mapfile", "popd", "printf", "pushd", "pwd", "read", "readarray",
      "readonly", "return", "select", "set", "shift", "shopt", "source", "suspend", "test", "then", "time", "times", "trap",
      "true", "type", "typeset", "ulimit", "umask", "unalias", "unset", "until", "wait", "while");

  private ShellFree() {}

  /** The words to execute directly, when {@code argv} is {@code /bin/sh -c SCRIPT} and the shell is not needed. */
  static Optional<List<String>> argv(List<String> argv) {
    if (argv.size() != 3 || !argv.get(0).equals(SH) || !argv.get(1).equals("-c")) {
      return Optional.empty();
    }
    String script = argv.get(2);
    for (int i = 0; i < script.length(); i++) {
      if (SHELL_CHARACTERS.indexOf(script.charAt(i)) >= 0) {
        return Optional.empty();
      }
    }
    List<String> words = Arrays.stream(script.split("[ \t]+")).filter(word -> !word.isEmpty()).toList();
    if (words.isEmpty() || SHELL_WORDS.contains(words.get(0))) {
      return Optional.empty();
    }
    return Optional.of(words);
  }
}
