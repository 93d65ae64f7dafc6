package io.cronbeat.exec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What Linux's /proc says about processes. Zombies count as gone: they run nothing, and where
 * PID 1 does not reap orphans (many containers) they would otherwise look alive forever.
 */
final class ProcFs {

  private static final Path PROC = Path.of("/proc");
  /** USER_HZ, the unit of /proc's times: 100 on every Linux the JDK runs on (as its sysconf(_SC_CLK_TCK) says). */
  private static final long TICKS_PER_SECOND = 100;

  private ProcFs() {}

  /** The fields of /proc/PID/stat that we use. */
  record Stat(long pid, char state, long ppid, long pgrp) {
    boolean running() {
      return state != 'Z' && state != 'X';
    }
  }

  static boolean available() {
    return Files.isDirectory(PROC.resolve("self"));
  }

  static Optional<Stat> stat(long pid) {
    return fields(pid, 4, 3)
        .map(f -> new Stat(pid, f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2])));
  }

  /**
   * When {@code pid} started, as {@link ProcessHandle.Info#startInstant()} computes it (boot time
   * plus field 22 of /proc/PID/stat) from one file read, where the JDK also reads the command
   * line and the executable's link, and looks the owner up in the user database.
   */
  static Optional<Instant> startedAt(long pid) {
    Optional<Long> bootMillis = BootTime.MILLIS;
    if (bootMillis.isEmpty()) {
      return Optional.empty();
    }
    // After "(comm) " field 3 (state) is at index 0, so field 22 (starttime) is at index 19.
    return fields(pid, 21, 21)
        .map(f -> Instant.ofEpochMilli(bootMillis.get() + Long.parseLong(f[19]) * 1000 / TICKS_PER_SECOND));
  }

  /**
   * The fields of /proc/PID/stat from the third (state) on, split into at most {@code limit};
   * empty when the process is gone or has fewer than {@code needed}.
   */
  private static Optional<String[]> fields(long pid, int limit, int needed) {
    String line;
    try {
      line = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
    } catch (IOException | UncheckedIOException gone) {
      return Optional.empty();
    }
    // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so split after the last ')'.
    int close = line.lastIndexOf(')');
    if (close < 0 || close + 2 > line.length()) {
      return Optional.empty();
    }
    String[] fields = line.substring(close + 2).split(" ", limit);
    return fields.length < needed ? Optional.empty() : Optional.of(fields);
  }

  /** The boot time, read once: it is the same for every process, and constant. */
  private static final class BootTime {
    static final Optional<Long> MILLIS = read();

    private static Optional<Long> read() {
      try {
        return Files.readAllLines(PROC.resolve("stat")).stream()
            .filter(line -> line.startsWith("btime "))
            .map(line -> Long.parseLong(line.substring("btime ".length()).trim()) * 1000)
            .findFirst();
      } catch (IOException | UncheckedIOException | NumberFormatException e) {
        return Optional.empty();
      }
    }
  }

  /** Whether {@code pid} exists and is not a zombie. */
  static boolean running(long pid) {
    return stat(pid).map(Stat::running).orElse(false);
  }

  /** The pids of the running (non-zombie) processes whose process group is {@code pgid}. */
  static List<Long> runningInGroup(long pgid) {
    List<Long> members = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, ProcFs::isPid)) {
      for (Path entry : entries) {
        stat(Long.parseLong(entry.getFileName().toString()))
            .filter(stat -> stat.pgrp() == pgid && stat.running())
            .ifPresent(stat -> members.add(stat.pid()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list /proc", e);
    }
    return members;
  }

  private static boolean isPid(Path entry) {
    String name = entry.getFileName().toString();
    return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
  }
}
