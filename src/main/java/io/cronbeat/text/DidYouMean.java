package io.cronbeat.text;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Suggests the known word closest to a misspelt one. */
public final class DidYouMean {

  /** Names people bring from other schedulers, mapped to ours. */
  private static final Map<String, String> SYNONYMS = Map.ofEntries(
      Map.entry("cron", "schedule"),
      Map.entry("when", "schedule"),
      Map.entry("tz", "timezone"),
      Map.entry("zone", "timezone"),
      Map.entry("time-zone", "timezone"),
      Map.entry("cmd", "command"),
      Map.entry("run", "command"),
      Map.entry("exec", "command"),
      Map.entry("cwd", "workdir"),
      Map.entry("dir", "workdir"),
      Map.entry("directory", "workdir"),
      Map.entry("working-dir", "workdir"),
      Map.entry("environment", "env"),
      Map.entry("retries", "retry"),
      Map.entry("concurrency", "overlap"),
      Map.entry("catchup", "catch-up"),
      Map.entry("misfire", "catch-up"),
      Map.entry("disabled", "enabled"),
      Map.entry("max-attempts", "attempts"),
      Map.entry("delay", "backoff"));

  private DidYouMean() {}

  public static Optional<String> closest(String word, Collection<String> known) {
    String lower = word.toLowerCase(Locale.ROOT).replace('_', '-');
    if (known.contains(lower)) {
      return Optional.of(lower);
    }
    String synonym = SYNONYMS.get(lower);
    if (synonym != null && known.contains(synonym)) {
      return Optional.of(synonym);
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return bestDistance <= Math.max(2, lower.length() / 3) ? Optional.of(best) : Optional.empty();
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
