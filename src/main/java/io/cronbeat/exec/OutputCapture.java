package io.cronbeat.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Copies a process's output to its log file, keeping at most {@code maxBytes}: the first half
 * as it came, then the last half, with a marker saying how much was left out between.
 */
final class OutputCapture {

  private final Path log;
  private final int headLimit;
  private final byte[] tail;
  private long total;
  private int tailStart;
  private int tailLength;

  OutputCapture(Path log, int maxBytes) {
    this.log = log;
    this.headLimit = maxBytes / 2;
    this.tail = new byte[maxBytes - headLimit];
  }

  /** Reads until the stream ends; writes the head as it comes and the tail at the end. */
  void copy(InputStream output) throws IOException {
    Files.createDirectories(log.getParent());
    try (OutputStream file = Files.newOutputStream(log)) {
      byte[] buffer = new byte[8192];
      int read;
      while ((read = output.read(buffer)) >= 0) {
        for (int i = 0; i < read; i++) {
          accept(buffer[i], file);
        }
      }
      long omitted = total - headLimit - tailLength;
      if (omitted > 0) {
        file.write(("\n[cronbeat: " + omitted + " bytes of output left out]\n").getBytes(StandardCharsets.UTF_8));
      }
      for (int i = 0; i < tailLength; i++) {
        file.write(tail[(tailStart + i) % tail.length]);
      }
    }
  }

  private void accept(byte b, OutputStream file) throws IOException {
    if (total++ < headLimit) {
      file.write(b);
      return;
    }
    if (tail.length == 0) {
      return;
    }
    if (tailLength < tail.length) {
      tail[(tailStart + tailLength++) % tail.length] = b;
    } else {
      tail[tailStart] = b;
      tailStart = (tailStart + 1) % tail.length;
    }
  }

  /** The last {@code lines} lines of the log as written, for quick display. */
  static String lastLines(Path log, int lines) {
    if (lines == 0 || !Files.exists(log)) {
      return "";
    }
    try {
      java.util.List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | java.io.UncheckedIOException e) {
      return "";
    }
  }
}
