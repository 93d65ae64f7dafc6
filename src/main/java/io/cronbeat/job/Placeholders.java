package io.cronbeat.job;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${NAME}} in an HTTP job's url and header values, filled in from the node's environment
 * (and the job's {@code env}) when the request is made, so a token stays out of the job file and
 * the store. A {@code $} not followed by <code>{</code> is an ordinary character.
 */
public final class Placeholders {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
  private static final Pattern OPENING = Pattern.compile("\\$\\{");

  private Placeholders() {}

  /** A variable that is not set where the request is made. */
  public static final class Unset extends Exception {
    private final String name;

    Unset(String name) {
      super("${" + name + "} is not set in the node's environment or the job's env", null, false, false);
      this.name = name;
    }

    public String name() {
      return name;
    }
  }

  /** Why {@code text} has a malformed placeholder, if it has one. */
  static Optional<String> problem(String text) {
    String rest = PLACEHOLDER.matcher(text).replaceAll("");
    Matcher bad = OPENING.matcher(rest);
    if (bad.find()) {
      int end = rest.indexOf('}', bad.start());
      return Optional.of("'" + rest.substring(bad.start(), end < 0 ? rest.length() : end + 1) + "' is not a ${NAME} placeholder");
    }
    return Optional.empty();
  }

  /** {@code text} with every placeholder replaced by a stand-in, to check the rest of it. */
  static String sample(String text) {
    return PLACEHOLDER.matcher(text).replaceAll("x");
  }

  /**
   * {@code text} with its placeholders filled in from {@code variables}; every value used is also
   * handed to {@code used}, so that it can be kept out of messages.
   */
  public static String expand(String text, Map<String, String> variables, Consumer<String> used) throws Unset {
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    int from = 0;
    while (matcher.find()) {
      String value = variables.get(matcher.group(1));
      if (value == null) {
        throw new Unset(matcher.group(1));
      }
      used.accept(value);
      out.append(text, from, matcher.start()).append(value);
      from = matcher.end();
    }
    return out.append(text, from, text.length()).toString();
  }
}
