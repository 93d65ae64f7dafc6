package io.cronbeat.cli;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.node.Node;
import io.cronbeat.node.Signals;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code scheduler run}: a node, until SIGTERM or Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Start a scheduler node.",
        "It fires the jobs of the schedules directory and runs them.",
        "Runs until SIGTERM or Ctrl-C, then lets running attempts finish (node.shutdown-grace) and exits 0.",
        "SIGHUP, or any change under the schedules directory, reloads the job files."})
class RunCommand implements Callable<Integer> {

  private final CliContext context;

  @Mixin CommonOptions options;

  @Spec CommandSpec spec;

  RunCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws InterruptedException {
    CronbeatConfig config = options.config(context);
    Node node;
    try {
      node = Node.start(config, context.clock());
    } catch (Node.InvalidSchedulesException e) {
      return CommonOptions.report(e.diagnostics(), "the job files; nothing was started", spec.commandLine().getErr());
    }
    CountDownLatch stop = new CountDownLatch(1);
    Signals.on("TERM", stop::countDown);
    Signals.on("INT", stop::countDown);
    Signals.on("HUP", node::reload);
    stop.await();
    node.stop();
    return ExitCodes.OK;
  }
}
