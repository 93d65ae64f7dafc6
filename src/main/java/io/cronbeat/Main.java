package io.cronbeat;

import io.cronbeat.cli.Cli;
import io.cronbeat.cli.CliContext;
import io.cronbeat.exec.LaunchMechanism;
import java.time.Clock;

/** {@code bin/scheduler}: builds the command line and exits with its code. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    // Before any H2 class loads (H2 reads it once): the embedded store's server, which lets
    // commands use the store while a node has it open, listens on loopback only.
    System.setProperty("h2.bindAddress", "127.0.0.1");
    // Before the first process starts (the JDK reads it once): the cheaper way to start jobs' processes.
    LaunchMechanism.choose();
    picocli.CommandLine cli = Cli.create(new CliContext(Clock.systemDefaultZone(), System.getenv()));
    int code = cli.execute(args);
    cli.getOut().flush();
    cli.getErr().flush();
    System.exit(code);
  }
}
