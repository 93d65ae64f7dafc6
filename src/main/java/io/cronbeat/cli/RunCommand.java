package io.cronbeat.cli;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.node.Node;
import io.cronbeat.node.Signals;
import io.cronbeat.store.Database;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
    // must stop it cleanly, not kill the JVM by the default action. The starting thread is never
    // interrupted (H2 and Flyway print stack traces when they are): the wait for the database
    // ends on the TERM, and a node that finishes starting after one is stopped at once.
    CountDownLatch stop = new CountDownLatch(1);
    AtomicReference<Node> started = new AtomicReference<>();
    Signals.on("TERM", stop::countDown);
    Signals.on("INT", stop::countDown);
    Signals.on("HUP", () -> Optional.ofNullable(started.get()).ifPresent(Node::reload));
    Database.Sleeper untilStopped = duration -> {
      if (stop.await(duration.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new InterruptedException("stop requested");
      }
    };
    Node node;
    try {
      node = Node.start(config, context.clock(), untilStopped);
    } catch (Node.InvalidSchedulesException e) {
      return CommonOptions.report(e.diagnostics(), "the job files; nothing was started", spec.commandLine().getErr());
    } catch (Database.StoppedWhileWaiting e) {
      // Asked to stop (systemctl stop, Ctrl-C) while the database was down: a clean stop, not a failure.
      spec.commandLine().getErr().println(e.getMessage());
      return ExitCodes.OK;
    }
    started.set(node);
    awaitUninterruptibly(stop);
    node.stop();
    return ExitCodes.OK;
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    while (true) {
      try {
        latch.await();
        return;
      } catch (InterruptedException e) {
        // nothing interrupts this thread on purpose; the latch decides
      }
    }
  }
}
