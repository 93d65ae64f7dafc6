package io.cronbeat.cli;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.node.Node;
import io.cronbeat.node.Signals;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code scheduler run}: a node, until SIGTERM or Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Start a cronbeat node.",
        "It fires the jobs of the schedules directory and runs them.",
        "Runs until SIGTERM or Ctrl-C, then lets running attempts finish (node.shutdown-grace) and exits 0.",
        "SIGHUP, or any change under the schedules directory, reloads the job files."})
class RunCommand implements Callable<Integer> {

  private final CliContext context;

  @Mixin JobOptions options;

  @Spec CommandSpec spec;

  RunCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    CronbeatConfig config = options.config(context);
    // Installed before the node starts: a TERM while it starts (or waits for the database)
    // must stop it cleanly, not kill the JVM by the default action.
    CountDownLatch stop = new CountDownLatch(1);
    AtomicReference<Node> started = new AtomicReference<>();
    Thread starting = Thread.currentThread();
    Runnable term = () -> {
      stop.countDown();
      if (started.get() == null) {
        starting.interrupt(); // ends a wait for the database; a node half started is stopped below
      }
    };
    Signals.on("TERM", term);
    Signals.on("INT", term);
    Signals.on("HUP", () -> Optional.ofNullable(started.get()).ifPresent(Node::reload));
    Node node;
    try {
      node = Node.start(config, context.clock());
    } catch (Node.InvalidSchedulesException e) {
      return CommonOptions.report(e.diagnostics(), "the job files; nothing was started", spec.commandLine().getErr());
    }
    started.set(node);
    awaitUninterruptibly(stop);
    node.stop();
    return ExitCodes.OK;
  }

  /** A TERM during the start may interrupt this thread late; the latch is down by then. */
  private static void awaitUninterruptibly(CountDownLatch latch) {
    while (true) {
      try {
        latch.await();
        return;
      } catch (InterruptedException e) {
        // the latch decides
      }
    }
  }
}
