package io.cronbeat.text;

/**
 * One problem in one file, where a person can find it: 1-based line and column.
 *
 * @param hint what to write instead; empty when there is nothing useful to add
 */
public record Diagnostic(String file, int line, int column, String message, String hint) {

  /** {@code FILE:LINE:COL: error: message}, then an indented {@code hint:} line. */
  public String format() {
    String first = file + ":" + line + ":" + column + ": error: " + message;
    return hint.isEmpty() ? first : first + System.lineSeparator() + "  hint: " + hint;
  }
}
