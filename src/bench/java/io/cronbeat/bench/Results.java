package io.cronbeat.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every row of one benchmark run, and the measurements that failed: printed as tables, written
 * as results.json, and turned into the exit code (a failure or a duplicate is non-zero; a slow
 * number never is).
 */
final class Results {

  private final Map<Section, List<Row>> rows = new EnumMap<>(Section.class);
  private final List<String> failures = new ArrayList<>();

  /** Adds a row; null, a measurement that failed (and is in the failures already), adds nothing. */
  synchronized void add(Section section, Row row) {
    if (row != null) {
      rows.computeIfAbsent(section, s -> new ArrayList<>()).add(row);
    }
  }

  synchronized void addAll(Section section, List<? extends Row> added) {
    if (added != null) {
      added.forEach(row -> add(section, row));
    }
  }

  /** A measurement that did not complete: a gap in its table, and a non-zero exit. */
  synchronized void failed(String what, Exception e) {
    String line = what + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    failures.add(line);
    System.err.println("bench: FAILED " + line);
  }

  synchronized boolean ok() {
    return failures.isEmpty() && rows.values().stream().flatMap(List::stream).allMatch(r -> r.duplicated() == 0);
  }

  synchronized void print(PrintStream out, String machine, String command) {
    out.println();
    out.println(machine);
    out.println("command: " + command);
    for (Map.Entry<Section, List<Row>> section : rows.entrySet()) {
      out.println();
      out.println(section.getKey().title);
      Table.print(out, section.getKey().header, section.getValue().stream().map(Row::cells).toList());
      wrap(section.getKey().note).forEach(out::println);
    }
    out.println();
    out.println("* = stopped at the time cap: the rate or time of what finished by then. dup must be 0 everywhere.");
    failures.forEach(f -> out.println("FAILED: " + f));
    out.println(ok() ? "result: OK" : "result: NOT OK (a measurement failed or something ran twice)");
  }

  /** Notes in lines of at most 100 characters. */
  private static List<String> wrap(String text) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > 100) {
        lines.add(line.toString());
        line.setLength(0);
      }
      line.append(line.length() > 0 ? " " : "").append(word);
    }
    lines.add(line.toString());
    return lines;
  }

  synchronized void write(Path file, String machine, String command, Map<String, Object> settings) throws IOException {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("machine", machine);
    document.put("command", command);
    document.put("settings", settings);
    for (Section section : Section.values()) {
      document.put(section.key, rows.getOrDefault(section, List.of()).stream().map(Row::json).toList());
    }
    document.put("failures", failures);
    document.put("ok", ok());
    Files.createDirectories(file.getParent());
    Files.writeString(file, Json.of(document) + "\n");
  }
}
