package io.cronbeat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The facts a reader needs to compare a result with another machine's, and how busy it was. */
final class Machine {

  private Machine() {}

  static String describe() {
    Runtime runtime = Runtime.getRuntime();
    return String.format("machine: %d cpus, java %s (%s), max heap %d MiB, %s %s", runtime.availableProcessors(),
        System.getProperty("java.version"), System.getProperty("java.vm.name"), runtime.maxMemory() >> 20,
        System.getProperty("os.name"), System.getProperty("os.arch"));
  }

  /** The 1-minute load average (runnable processes; above the core count, others compete with the benchmark). */
  static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "unknown";
    }
  }
}
