package io.cronbeat.exec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What Linux's /proc says about processes. Zombies count as gone: they run nothing, and where
 * PID 1 does not reap orphans (many containers) they would otherwise look alive forever.
 */
final class ProcFs {

  private static final Path PROC = Path.of("/proc");

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
    String[] fields = line.substring(close + 2).split(" ", 4);
    if (fields.length < 3) {
      return Optional.empty();
    }
    return Optional.of(new Stat(pid, fields[0].charAt(0), Long.parseLong(fields[1]), Long.parseLong(fields[2])));
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
