package io.cronbeat.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Aligned columns for people; each column as wide as its widest cell, capped, cut with '~'. */
final class Table {

  private final List<String[]> rows = new ArrayList<>();
  private final int[] caps;

  Table(int[] caps, String... header) {
    this.caps = caps;
    rows.add(header);
  }

  void add(String... cells) {
    rows.add(cells);
  }

  void print(PrintWriter out) {
    int[] widths = new int[caps.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.min(caps[i], Math.max(widths[i], row[i].length()));
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        String cell = row[i].length() > widths[i] ? row[i].substring(0, widths[i] - 1) + "~" : row[i];
        line.append(i == row.length - 1 ? cell : String.format("%-" + widths[i] + "s  ", cell));
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
