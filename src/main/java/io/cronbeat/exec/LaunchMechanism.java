package io.cronbeat.exec;

/**
 * How the JVM starts processes. On Linux, JDK 13 to 24 default to posix_spawn through
 * {@code jspawnhelper}, one exec more than vfork; with the process-group launcher and a job's
 * program that is three execs per attempt instead of two, and the JVM here starts about 1.75
 * times as many processes per second with vfork. JDK 25 deprecates vfork (a warning on stderr)
 * and later ones remove it, so it is chosen only where it is still supported quietly.
 */
public final class LaunchMechanism {

  static final String PROPERTY = "jdk.lang.Process.launchMechanism";
  private static final int LAST_QUIET_RELEASE = 24;

  private LaunchMechanism() {}

  /**
   * Chooses vfork unless someone already chose (a {@code -D} on the command line wins). Takes
   * effect only before the first process starts: the JDK reads the property once.
   */
  public static void choose() {
    String chosen = choice(System.getProperty(PROPERTY), System.getProperty("os.name", ""), Runtime.version().feature());
    if (chosen != null) {
      System.setProperty(PROPERTY, chosen);
    }
  }

  /** The value to set, or null to leave the JDK's default (or the user's choice). */
  static String choice(String current, String os, int feature) {
    if (current != null || !os.equals("Linux") || feature > LAST_QUIET_RELEASE) {
      return null;
    }
    return "VFORK";
  }
}
