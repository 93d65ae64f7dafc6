package io.cronbeat.cli;

import io.cronbeat.CronbeatException;
import io.cronbeat.config.ConfigException;
import io.cronbeat.store.StoreException;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Wires the command tree: every command gets the same {@link CliContext}. */
public final class Cli {

  private Cli() {}

  /** The whole command tree. */
  public static CommandLine create(CliContext context) {
    CommandLine cli = new CommandLine(SchedulerCommand.class, new Factory(context));
    cli.setExecutionExceptionHandler(Cli::handle);
    return cli;
  }

  /**
   * The tree {@code args} needs: when they start with a command's name, the root with that
   * command alone, which parses and helps as in the whole tree; else the whole tree (its help,
   * its "did you mean" for a mistyped command). Picocli reads every command's annotations when it
   * builds one: all 19 took 0.18 s of CPU before any command ran (issue 8). A command line it
   * refuses is refused by the whole tree: a bad --log-format prints the root's usage, which lists
   * every command.
   */
  public static CommandLine create(CliContext context, String... args) {
    Optional<Class<?>> named = args.length == 0 ? Optional.empty()
        : Arrays.stream(SchedulerCommand.class.getAnnotation(Command.class).subcommands())
            .filter(type -> type.getAnnotation(Command.class).name().equals(args[0])).findFirst();
    if (named.isEmpty()) {
      return create(context);
    }
    Factory factory = new Factory(context);
    CommandLine cli = new CommandLine(SchedulerRoot.class, factory);
    cli.addSubcommand(new CommandLine(named.get(), factory));
    cli.setExecutionExceptionHandler(Cli::handle);
    cli.setParameterExceptionHandler((refused, refusedArgs) -> {
      CommandLine whole = create(context);
      whole.setOut(cli.getOut());
      whole.setErr(cli.getErr());
      return whole.execute(refusedArgs);
    });
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
