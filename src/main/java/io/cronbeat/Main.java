package io.cronbeat;

import io.cronbeat.cli.Cli;
import io.cronbeat.cli.CliContext;
import java.time.Clock;

/** {@code bin/scheduler}: builds the command line and exits with its code. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    picocli.CommandLine cli = Cli.create(new CliContext(Clock.systemDefaultZone(), System.getenv()));
    int code = cli.execute(args);
    cli.getOut().flush();
    cli.getErr().flush();
    System.exit(code);
  }
}
