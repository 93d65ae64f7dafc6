package io.cronbeat.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of Prometheus' text exposition format (version 0.0.4), for tests: every line
 * must be a HELP, a TYPE or a sample; a family's TYPE comes once, before its samples, which stand
 * together; a histogram's buckets are cumulative and its {@code +Inf} bucket equals its count.
 * Anything else fails with the line's number.
 */
public final class PrometheusText {

  /** One sample: its name, labels (sorted) and value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
  private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
  private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
  private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)\\})? (\\S+)( -?\\d+)?");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
  private static final Pattern VALUE = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?|NaN|[+-]Inf");

  private final Map<String, String> types = new LinkedHashMap<>();
  private final List<Sample> samples = new ArrayList<>();

  private PrometheusText() {}

  public static PrometheusText parse(String text) {
    PrometheusText parsed = new PrometheusText();
    String[] lines = text.split("\n", -1);
    Set<String> closed = new HashSet<>();
    String current = null;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int number = i + 1;
      if (line.isEmpty()) {
        check(i == lines.length - 1, number, "an empty line inside the exposition");
        continue;
      }
      Matcher type = TYPE.matcher(line);
      if (type.matches()) {
        String family = type.group(1);
        check(!parsed.types.containsKey(family), number, "a second TYPE for " + family);
        parsed.types.put(family, type.group(2));
        if (current != null) {
          closed.add(current);
        }
        current = family;
        continue;
      }
      if (HELP.matcher(line).matches()) {
        continue;
      }
      check(!line.startsWith("#"), number, "a comment that is neither HELP nor TYPE: " + line);
      Sample sample = sample(line, number);
      String family = parsed.familyOf(sample.name());
      check(!closed.contains(family), number, "a sample of " + family + " apart from the rest of its family");
      check(family.equals(current) || !parsed.types.containsKey(family), number, sample.name() + " after another TYPE");
      parsed.samples.add(sample);
    }
    parsed.checkHistograms();
    return parsed;
  }

  private static Sample sample(String line, int number) {
    Matcher matcher = SAMPLE.matcher(line);
    check(matcher.matches(), number, "not a sample: " + line);
    check(VALUE.matcher(matcher.group(4)).matches(), number, "not a value: " + matcher.group(4));
    Map<String, String> labels = new TreeMap<>();
    if (matcher.group(3) != null && !matcher.group(3).isEmpty()) {
      Matcher label = LABEL.matcher(matcher.group(3));
      int at = 0;
      while (at < matcher.group(3).length()) {
        check(label.find(at) && label.start() == at, number, "bad labels: " + matcher.group(3));
        check(labels.put(label.group(1), label.group(2)) == null, number, "label " + label.group(1) + " twice");
        at = label.end();
      }
    }
    String value = matcher.group(4);
    double parsed = switch (value) {
      case "NaN" -> Double.NaN;
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(value);
    };
    return new Sample(matcher.group(1), Map.copyOf(labels), parsed);
  }

  private String familyOf(String sample) {
    for (String suffix : List.of("_bucket", "_sum", "_count", "")) {
      if (sample.endsWith(suffix)) {
        String family = sample.substring(0, sample.length() - suffix.length());
        if (types.containsKey(family) && (suffix.isEmpty() || !types.get(family).equals("counter"))) {
          return family;
        }
      }
    }
    return sample;
  }

  /** Buckets go up with {@code le}, and the last ({@code +Inf}) equals {@code _count}. */
  private void checkHistograms() {
    types.entrySet().stream().filter(e -> e.getValue().equals("histogram")).forEach(e -> {
      Map<Map<String, String>, List<Sample>> buckets = new HashMap<>();
      for (Sample s : samples) {
        if (s.name().equals(e.getKey() + "_bucket")) {
          Map<String, String> series = new TreeMap<>(s.labels());
          series.remove("le");
          buckets.computeIfAbsent(series, k -> new ArrayList<>()).add(s);
        }
      }
      buckets.forEach((series, list) -> {
        double previous = 0;
        for (Sample bucket : list) {
          check(bucket.value() >= previous, 0, e.getKey() + series + ": buckets are not cumulative");
          previous = bucket.value();
        }
        check(list.get(list.size() - 1).labels().get("le").equals("+Inf"), 0, e.getKey() + series + ": no +Inf bucket last");
        double count = value(e.getKey() + "_count", series).orElse(Double.NaN);
        check(previous == count, 0, e.getKey() + series + ": +Inf bucket " + previous + " but count " + count);
      });
    });
  }

  private static void check(boolean ok, int line, String problem) {
    if (!ok) {
      throw new AssertionError("invalid Prometheus exposition" + (line > 0 ? " at line " + line : "") + ": " + problem);
    }
  }

  /** The families and their types. */
  public Map<String, String> types() {
    return Map.copyOf(types);
  }

  public List<Sample> samples() {
    return List.copyOf(samples);
  }

  /** The value of the sample with exactly these labels. */
  public Optional<Double> value(String name, Map<String, String> labels) {
    return samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels)).map(Sample::value).findFirst();
  }

  /** The value of the sample with exactly these labels, or 0 when there is none yet (a counter not yet incremented). */
  public double valueOrZero(String name, Map<String, String> labels) {
    return value(name, labels).orElse(0.0);
  }
}
