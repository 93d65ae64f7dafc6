package io.cronbeat.cli;

/** Exit codes of every command, as the README documents them. */
public final class ExitCodes {

  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int INVALID = 2;

  private ExitCodes() {}
}
