package io.cronbeat.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Aligned columns: text left, numbers right. */
final class Table {

  private Table() {}

  static void print(PrintStream out, List<String> header, List<List<String>> rows) {
    int[] widths = new int[header.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = header.get(c).length();
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    out.println(line(header, widths));
    rows.forEach(row -> out.println(line(row, widths)));
  }

  private static String line(List<String> cells, int[] widths) {
    StringBuilder text = new StringBuilder();
    for (int c = 0; c < widths.length; c++) {
      String cell = cells.get(c);
      boolean number = !cell.isEmpty() && (Character.isDigit(cell.charAt(0)) || cell.equals("-"));
      text.append(c == 0 ? "" : "  ").append(number && c > 0 ? pad(cell, widths[c], true) : pad(cell, widths[c], false));
    }
    return text.toString().stripTrailing();
  }

  private static String pad(String cell, int width, boolean right) {
    String spaces = " ".repeat(width - cell.length());
    return right ? spaces + cell : cell + spaces;
  }

  /** A rate or a time: thousands separated, no decimals from 100 up; '*' when capped; '-' when absent. */
  static String number(Double value, boolean capped) {
    if (value == null) {
      return "-";
    }
    String text = value >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
        : value >= 10 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.2f", value);
    return text + (capped ? "*" : "");
  }
}
