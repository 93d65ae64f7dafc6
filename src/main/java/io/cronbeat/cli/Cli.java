package io.cronbeat.cli;

import io.cronbeat.CronbeatException;
import io.cronbeat.config.ConfigException;
import io.cronbeat.store.StoreException;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import picocli.CommandLine;

/** Wires the command tree: every command gets the same {@link CliContext}. */
public final class Cli {

  private Cli() {}

  public static CommandLine create(CliContext context) {
    CommandLine cli = new CommandLine(SchedulerCommand.class, new Factory(context));
    cli.setExecutionExceptionHandler(Cli::handle);
    return cli;
  }

  /** One line a person can act on; the stack trace only with {@code --verbose}. */
  private static int handle(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
    PrintWriter err = command.getErr();
    if (e instanceof ConfigException config) {
      return CommonOptions.report(config.diagnostics(), "the configuration", err);
    }
    if (e instanceof CronbeatException known) {
      err.println("error: " + known.getMessage());
      if (!known.hint().isEmpty()) {
        err.println("  hint: " + known.hint());
      }
      // The store failing is the world's fault, not the input's.
      return known instanceof StoreException ? ExitCodes.FAILURE : ExitCodes.INVALID;
    }
    err.println("error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    if (command.getParseResult().hasMatchedOption("--verbose")) {
      e.printStackTrace(err);
    } else {
      err.println("  hint: run again with --verbose for details");
    }
    return ExitCodes.FAILURE;
  }

  /** Gives each command that wants one the shared context. */
  record Factory(CliContext context) implements CommandLine.IFactory {

    @Override
    public <K> K create(Class<K> type) throws Exception {
      for (Constructor<?> constructor : type.getDeclaredConstructors()) {
        if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] == CliContext.class) {
          return type.cast(constructor.newInstance(context));
        }
      }
      return CommandLine.defaultFactory().create(type);
    }
  }
}
