package io.cronbeat.cli;

import java.time.Clock;
import java.util.Map;
import picocli.CommandLine.IFactory;

/**
 * Builds the commands for the build-time generators of the man pages and the shell completion
 * (picocli-codegen and AutoComplete, pom.xml), which need a factory with no arguments. No
 * command runs: an empty environment and the UTC clock only fill the constructors.
 */
public final class DocsFactory implements IFactory {

  private final IFactory commands = new Cli.Factory(new CliContext(Clock.systemUTC(), Map.of()));

  @Override
  public <K> K create(Class<K> type) throws Exception {
    return commands.create(type);
  }
}
