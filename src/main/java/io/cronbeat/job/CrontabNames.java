package io.cronbeat.job;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Job names for imported crontab lines, from what the command does: the script's base name
 * ({@code cd /srv/app && ./bin/cleanup} is {@code cleanup}), never a bare {@code cd}, {@code php}
 * or {@code curl}. Unique within one import ({@code -2}, {@code -3} in line order) and stable:
 * the same crontab always gives the same names.
 */
final class CrontabNames {

  /** Commands that only prepare the real one: a command line made of them is passed over. */
  private static final Set<String> PREPARATION = Set.of("cd", "test", "[", "[[", "true", "false", ":", "sleep", "export",
      "set", "umask", "source", ".", "ulimit", "unset", "echo", "printf", "for", "case", "esac", "done", "fi", "select",
      "mkdir", "touch", "date", "exit");
  /** Commands that run the next word as the real command. */
  private static final Set<String> WRAPPERS = Set.of("if", "while", "until", "then", "else", "elif", "do", "!", "nice", "ionice", "nohup", "timeout", "flock", "sudo", "exec", "time",
      "chronic", "cronic", "env", "setsid", "stdbuf", "run-one", "setlock", "caffeinate");
  /** Wrappers whose first argument after the options is theirs (a duration, a lock file), not the command. */
  private static final Set<String> WRAPPERS_WITH_ARGUMENT = Set.of("timeout", "flock", "setlock");
  /** Options of wrappers that take a value in the next word. */
  private static final Map<String, Set<String>> WRAPPER_OPTIONS_WITH_VALUE = Map.of("nice", Set.of("-n"),
      "ionice", Set.of("-c", "-n", "-p"), "sudo", Set.of("-u", "-g", "-C", "-h"), "flock", Set.of("-w", "-E"),
      "timeout", Set.of("-s", "-k"), "stdbuf", Set.of("-i", "-o", "-e"), "env", Set.of("-u", "-C"));
  /** Programs whose name says little: the job is named after what they are given. */
  private static final Set<String> GENERIC = Set.of("php", "python", "python2", "python3", "perl", "ruby", "node",
      "nodejs", "bash", "sh", "dash", "zsh", "ksh", "curl", "wget", "find", "java", "run-parts", "xargs", "docker",
      "docker-compose", "podman", "kubectl", "psql", "mysql", "rm", "bundle", "npm", "npx", "yarn", "make", "rake",
      "uv", "poetry", "pipenv", "deno", "bun", "lynx", "GET", "drush", "wp");
  /** Front doors of applications: the job is named after the task they are given. */
  private static final Set<String> APP_RUNNERS = Set.of("manage.py", "artisan", "console", "exec", "run", "run-script");
  private static final Pattern EXTENSION = Pattern.compile("\\.(sh|bash|py|php|pl|rb|js|mjs|jar|cgi)$");
  private static final Pattern NOT_NAME = Pattern.compile("[^a-z0-9._-]+");
  private static final int MAX_LENGTH = 56; // room for a "-NN" suffix within the 63 a name may have

  private final Set<String> taken = new HashSet<>();

  /** The name for the next job, from its shell command. */
  String next(String script) {
    String base = clean(nameOf(script, 0).or(() -> firstProgram(script)).orElse("job"));
    String name = base.isEmpty() ? "job" : base;
    String unique = name;
    for (int n = 2; !taken.add(unique); n++) {
      unique = name + "-" + n;
    }
    return unique;
  }

  private static Optional<String> nameOf(String script, int depth) {
    for (List<String> words : ShellWords.of(script).commands()) {
      Optional<String> name = nameOfCommand(words, depth);
      if (name.isPresent()) {
        return name;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> nameOfCommand(List<String> words, int depth) {
    int at = skipWrappers(words);
    if (at >= words.size()) {
      return Optional.empty();
    }
    String program = baseName(words.get(at));
    if (PREPARATION.contains(program)) {
      return Optional.empty();
    }
    if (!GENERIC.contains(program)) {
      return Optional.of(program);
    }
    List<String> arguments = words.subList(at + 1, words.size());
    int script = arguments.indexOf("-c");
    if (script >= 0 && script + 1 < arguments.size() && depth < 2 && Set.of("bash", "sh", "dash", "zsh", "ksh").contains(program)) {
      return nameOf(arguments.get(script + 1), depth + 1);
    }
    return argumentName(arguments).or(() -> Optional.of(program));
  }

  /** When every command only prepares (say {@code echo hi > /tmp/x}): the first one's program. */
  private static Optional<String> firstProgram(String script) {
    return ShellWords.of(script).commands().stream().filter(words -> skipWrappers(words) < words.size())
        .map(words -> baseName(words.get(skipWrappers(words)))).filter(program -> !Set.of("cd", "for", "case").contains(program))
        .findFirst();
  }

  /** Leading {@code NAME=value} words and wrappers such as {@code nice -n 10} or {@code timeout 5m}. */
  private static int skipWrappers(List<String> words) {
    int at = 0;
    while (at < words.size()) {
      String word = words.get(at);
      if (word.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
        at++;
        continue;
      }
      String program = baseName(word);
      if (!WRAPPERS.contains(program)) {
        return at;
      }
      at++;
      while (at < words.size() && (words.get(at).startsWith("-") || words.get(at).matches("[A-Za-z_][A-Za-z0-9_]*=.*"))) {
        at += WRAPPER_OPTIONS_WITH_VALUE.getOrDefault(program, Set.of()).contains(words.get(at)) ? 2 : 1;
      }
      if (WRAPPERS_WITH_ARGUMENT.contains(program)) {
        at++;
      }
    }
    return at;
  }

  /** A URL's last path segment, else a path's base name, else the first plain argument. */
  private static Optional<String> argumentName(List<String> arguments) {
    int module = Math.max(arguments.indexOf("-m"), arguments.indexOf("-jar"));
    if (module >= 0 && module + 1 < arguments.size()) {
      String target = arguments.get(module + 1);
      return Optional.of(target.endsWith(".jar") ? baseName(target) : target.substring(target.lastIndexOf('.') + 1));
    }
    for (int i = 0; i < arguments.size(); i++) {
      String argument = arguments.get(i);
      if (argument.contains("://")) {
        String path = argument.replaceFirst("^[a-z+]+://", "").replaceFirst("[?#].*$", "").replaceAll("/+$", "");
        return Optional.of(path.substring(path.lastIndexOf('/') + 1));
      }
    }
    for (boolean pathsOnly : new boolean[] {true, false}) {
      for (int i = 0; i < arguments.size(); i++) {
        String argument = arguments.get(i);
        String name = baseName(argument.replaceAll("/[^/]*[*?\\[][^/]*", ""));
        if (isPlain(argument) && (argument.contains("/") || !pathsOnly) && !clean(name).isEmpty()) {
          return APP_RUNNERS.contains(name) ? nextPlain(arguments, i).or(() -> Optional.of(name)) : Optional.of(name);
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isPlain(String argument) {
    return !argument.startsWith("-") && !argument.isBlank() && !argument.contains("=") && !argument.contains(":/")
        && !argument.contains(" ") && !argument.matches("\\.{1,2}/?") && !argument.equals("/");
  }

  private static Optional<String> nextPlain(List<String> arguments, int after) {
    return arguments.subList(after + 1, arguments.size()).stream().filter(CrontabNames::isPlain).findFirst();
  }

  private static String baseName(String word) {
    String trimmed = word.replaceAll("/+$", "");
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }

  private static String clean(String word) {
    String name = EXTENSION.matcher(word.toLowerCase(Locale.ROOT)).replaceFirst("");
    name = NOT_NAME.matcher(name).replaceAll("-").replaceAll("^[^a-z0-9]+", "").replaceAll("[-.]+$", "");
    return name.substring(0, Math.min(name.length(), MAX_LENGTH)).replaceAll("[-.]+$", "");
  }
}
