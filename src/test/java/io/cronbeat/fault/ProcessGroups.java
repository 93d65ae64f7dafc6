package io.cronbeat.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Process groups on this host, read from /proc: what a job left behind, and the means to end it.
 * The test JVM's own group is never signalled (a node started from it would otherwise share it;
 * {@link NodeProcess} gives every node a session of its own for that reason).
 */
final class ProcessGroups {

  private ProcessGroups() {}

  /** The group of a live process. */
  static OptionalLong of(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses; read after the last ')'.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return OptionalLong.of(Long.parseLong(fields[2]));
    } catch (IOException | RuntimeException gone) {
      return OptionalLong.empty();
    }
  }

  /** Live processes (not zombies) whose group is one of these. */
  static List<Long> members(Collection<Long> groups) {
    Set<Long> wanted = new HashSet<>(groups);
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      return entries.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+")).map(Long::parseLong)
          .filter(pid -> of(pid).stream().anyMatch(wanted::contains) && !zombie(pid)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean zombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (IOException | RuntimeException gone) {
      return true;
    }
  }

  static boolean alive(long pid) {
    return Files.exists(Path.of("/proc", Long.toString(pid))) && !zombie(pid);
  }

  /** SIGKILL to a whole group, unless it is the test's own (or init's). */
  static void kill(long group) {
    if (group <= 1 || group == own()) {
      return;
    }
    signal("KILL", "-" + group);
  }

  /** Sends a signal to a pid, or to a group written as "-PGID". */
  static void signal(String signal, String target) {
    try {
      new ProcessBuilder("kill", "-s", signal, "--", target).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long own() {
    return of(ProcessHandle.current().pid()).orElse(-1);
  }

  /** Kills what is left of the given pids: their groups (when not ours) and the pids themselves. */
  static void killLeftovers(Collection<Long> pids) {
    Set<Long> groups = new HashSet<>();
    for (long pid : pids) {
      of(pid).ifPresent(groups::add);
    }
    groups.forEach(ProcessGroups::kill);
    pids.forEach(pid -> Optional.of(pid).filter(ProcessGroups::alive).ifPresent(p -> signal("KILL", Long.toString(p))));
  }
}
