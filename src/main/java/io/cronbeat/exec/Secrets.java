package io.cronbeat.exec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The secret values of one HTTP request (header values, the url's user info and query, filled-in
 * placeholders), so that a library's message that happens to quote one is masked before anyone
 * sees it.
 */
final class Secrets {

  /** Shorter values would mask ordinary words of a message; they are no secret worth the name. */
  private static final int SHORTEST = 4;

  private final List<String> values = new ArrayList<>();

  void add(String value) {
    if (value != null && value.length() >= SHORTEST) {
      values.add(value);
    }
  }

  String scrub(String message) {
    if (message == null) {
      return null;
    }
    String scrubbed = message;
    // Longest first, so that a value containing another is masked whole.
    for (String value : values.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
      scrubbed = scrubbed.replace(value, "***");
    }
    return scrubbed;
  }
}
