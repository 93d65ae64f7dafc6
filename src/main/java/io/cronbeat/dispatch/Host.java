package io.cronbeat.dispatch;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The machine a node runs on, as far as process ids mean anything: the host name, and a key made
 * of the kernel's boot id and the PID namespace. Two nodes with the same key see the same
 * processes, so one may stop what the other left running; anywhere else a process id is just a
 * number (another machine, a reboot, another container).
 */
public record Host(String name, String processKey) {

  /** Process start times as the JDK reads them differ by clock ticks between reads. */
  private static final Duration START_TOLERANCE = Duration.ofSeconds(1);

  public static Host local() {
    String name;
    try {
      name = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      name = "localhost";
    }
    String boot = read(Path.of("/proc/sys/kernel/random/boot_id"));
    String namespace = link(Path.of("/proc/self/ns/pid"));
    // Without /proc (not Linux) nothing can tell two machines apart: never share process ids then.
    String key = boot.isEmpty() ? "unknown-" + ProcessHandle.current().pid() + "-" + System.nanoTime() : boot + "/" + namespace;
    return new Host(name, key);
  }

  /** True when process ids recorded with this key can be looked up from here. */
  public boolean sharesProcessesWith(String name, String processKey) {
    return this.name.equals(name) && this.processKey.equals(processKey);
  }

  /** Whether the process that had this id and start time is still running. */
  public static boolean running(long pid, Instant startedAt) {
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty()) {
      return false;
    }
    Optional<Instant> start = process.get().info().startInstant();
    return startedAt == null || start.isEmpty()
        || Duration.between(start.get(), startedAt).abs().compareTo(START_TOLERANCE) <= 0;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static String link(Path file) {
    try {
      return Files.readSymbolicLink(file).toString();
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
