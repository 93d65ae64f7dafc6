package io.cronbeat.node;

import sun.misc.Signal;

/**
 * POSIX signals for a node: TERM and INT stop it gracefully (exit 0, not the JVM's 143),
 * HUP reloads the schedules. sun.misc.Signal is the only way the JDK offers.
 */
public final class Signals {

  private Signals() {}

  public static void on(String name, Runnable action) {
    Signal.handle(new Signal(name), signal -> {
      Thread thread = new Thread(action, "cronbeat-signal-" + name);
      thread.setDaemon(true);
      thread.start();
    });
  }
}
