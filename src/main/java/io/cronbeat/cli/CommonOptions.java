package io.cronbeat.cli;

import io.cronbeat.config.ConfigLoader;
import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.job.JobSet;
import io.cronbeat.store.Database;
import io.cronbeat.store.Store;
import io.cronbeat.store.StoreException;
import io.cronbeat.text.Diagnostic;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options every command takes, and loading the configuration and the store they name. */
public class CommonOptions {

  @Option(names = "--config", paramLabel = "FILE",
      description = "Configuration file (default: $CRONBEAT_CONFIG, else config/scheduler.yaml if it exists).")
  Path config;

  @Option(names = "--verbose", description = "Show stack traces of unexpected errors.")
  boolean verbose;

  /** Defaults, then the file, then the environment, then these options. */
  CronbeatConfig config(CliContext context) {
    return new ConfigLoader(context.env(), context.clock().getZone()).load(config);
  }

  /**
   * The store of this configuration; a node may be using it at the same time. Only nodes and
   * {@code scheduler migrate} change its schema: a command checks it and says what to do.
   */
  Store store(CliContext context, CronbeatConfig effective) {
    Optional<Path> missing = Store.missingEmbedded(effective);
    if (missing.isPresent()) {
      // Opening it would create an empty store, and the command would answer from that.
      throw new StoreException("no store at " + missing.get() + " — is the node configured with another data dir?",
          "a node creates its store when it first starts; point at the node's with data-dir in its configuration"
              + " (--config FILE), or CRONBEAT_DATA", null);
    }
    return Store.open(effective, context.clock(), Database.Schema.CHECK);
  }

  /** Prints every diagnostic and a count; returns the exit code for invalid input. */
  static int report(List<Diagnostic> diagnostics, String where, PrintWriter err) {
    for (Diagnostic diagnostic : diagnostics) {
      err.println(diagnostic.format());
    }
    int count = diagnostics.size();
    err.println(count + (count == 1 ? " error" : " errors") + " in " + where);
    return ExitCodes.INVALID;
  }

  static int report(JobSet set, PrintWriter err) {
    return report(set.diagnostics(), set.files() + (set.files() == 1 ? " file" : " files"), err);
  }
}
