package io.cronbeat.exec;

import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A process's log file, keeping at most {@code maxBytes} of its output: the first half as it
 * comes, then the last half, with a marker saying how much was left out between. The log may
 * hold another job's secrets, so it is readable by the node's user only.
 */
final class OutputCapture implements Closeable {

  private final OutputStream file;
  private final int headLimit;
  private final int tailLimit;
  /** Where every line goes too, whatever the cap keeps; null unless log.job-output is on. */
  private OutputLines lines;
  /** Allocated when output first goes past the head: most jobs write little, and a ring of half a MiB per attempt is not free. */
  private byte[] tail = new byte[0];
  private long total;
  private int tailEnd;
  private int tailLength;

  private OutputCapture(OutputStream file, int maxBytes) {
    this.file = file;
    this.headLimit = maxBytes / 2;
    this.tailLimit = maxBytes - headLimit;
  }

  /**
   * Creates (or empties) the log: file 0600, and 0700 for the directories created on the way.
   * Where the file system has no POSIX permissions the attributes are refused and it goes without;
   * asking first (Files.getFileStore) would read the mount table on every attempt.
   */
  static OutputCapture create(Path log, int maxBytes) throws IOException {
    Path parent = log.toAbsolutePath().getParent();
    try {
      if (!Files.isDirectory(parent)) { // one stat; createDirectories on an existing one throws and catches inside
        Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      try {
        Files.createFile(log, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        // Just created, so empty: opened without O_TRUNC, which would cost a truncate of an empty file.
        return open(log, true, maxBytes);
      } catch (FileAlreadyExistsException e) {
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-------"));
      }
    } catch (UnsupportedOperationException e) {
      Files.createDirectories(parent);
    }
    return open(log, false, maxBytes);
  }

  private static OutputCapture open(Path log, boolean append, int maxBytes) throws IOException {
    // A FileOutputStream, not Files.newOutputStream: an interrupt (node shutdown) must not close the log mid-write.
    return new OutputCapture(new FileOutputStream(log.toFile(), append), maxBytes);
  }

  /** Whether any output came at all: when none did, the log is empty and there is nothing to read back. */
  boolean empty() {
    return total == 0;
  }

  /** Copies every line to the node's log as well, with the calling thread's fields (log.job-output). */
  OutputCapture copyingLinesToLog() {
    lines = new OutputLines();
    return this;
  }

  /** Takes {@code length} bytes: the head goes to the file now, the rest into the tail ring. */
  void write(byte[] bytes, int offset, int length) throws IOException {
    if (lines != null) {
      lines.write(bytes, offset, length);
    }
    int head = (int) Math.min(length, Math.max(0, headLimit - total));
    if (head > 0) {
      file.write(bytes, offset, head);
    }
    total += length;
    int rest = length - head;
    if (rest == 0 || tailLimit == 0) {
      return;
    }
    if (tail.length == 0) {
      tail = new byte[tailLimit];
    }
    if (rest >= tail.length) {
      System.arraycopy(bytes, offset + length - tail.length, tail, 0, tail.length);
      tailEnd = 0;
      tailLength = tail.length;
      return;
    }
    int from = offset + head;
    int first = Math.min(rest, tail.length - tailEnd);
    System.arraycopy(bytes, from, tail, tailEnd, first);
    System.arraycopy(bytes, from + first, tail, 0, rest - first);
    tailEnd = (tailEnd + rest) % tail.length;
    tailLength = Math.min(tail.length, tailLength + rest);
  }

  /** Writes the marker and the tail, and closes the file. */
  @Override
  public void close() throws IOException {
    if (lines != null) {
      lines.finish();
    }
    try (file) {
      long omitted = total - Math.min(total, headLimit) - tailLength;
      if (omitted > 0) {
        file.write(("\n[cronbeat: " + omitted + " bytes of output left out]\n").getBytes(StandardCharsets.UTF_8));
      }
      int start = (tailEnd - tailLength + tail.length) % Math.max(1, tail.length);
      int first = Math.min(tailLength, tail.length - start);
      file.write(tail, start, first);
      file.write(tail, 0, tailLength - first);
    }
  }

  /** The last {@code lines} lines of the log as written, for quick display. */
  static String lastLines(Path log, int lines) {
    if (lines == 0 || !Files.exists(log)) {
      return "";
    }
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "";
    }
  }
}
