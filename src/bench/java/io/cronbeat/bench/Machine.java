package io.cronbeat.bench;

/** The facts a reader needs to compare a result with another machine's. */
final class Machine {

  private Machine() {}

  static String describe() {
    Runtime runtime = Runtime.getRuntime();
    return String.format("machine: %d cpus, java %s (%s), max heap %d MiB, %s %s", runtime.availableProcessors(),
        System.getProperty("java.version"), System.getProperty("java.vm.name"), runtime.maxMemory() >> 20,
        System.getProperty("os.name"), System.getProperty("os.arch"));
  }
}
