package io.cronbeat.cli;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.store.Database;
import io.cronbeat.store.Store;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code scheduler migrate}: creates or upgrades the store's schema, as a starting node does.
 * The other commands only check it, so that they start fast and never change a shared schema.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
    description = {"Create the store's schema, or bring it up to date, as a starting node does.",
        "Other commands only check the schema; run this before them on a new or upgraded store."})
class MigrateCommand implements Callable<Integer> {

  private final CliContext context;

  @Mixin CommonOptions options;

  @Spec CommandSpec spec;

  MigrateCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    CronbeatConfig config = options.config(context);
    try (Store store = Store.open(config, context.clock(), Database.Schema.MIGRATE)) {
      spec.commandLine().getOut().println("store " + store.url() + ": schema up to date (version " + store.schemaVersion() + ")");
    }
    return ExitCodes.OK;
  }
}
