package io.cronbeat.bench;

import io.cronbeat.node.Node;
import java.io.IOException;

/**
 * One benchmark node in its own JVM: configured by the CRONBEAT_* environment like
 * {@code bin/scheduler run}, with the executor mode named by its argument. Prints "ready" once
 * started; stops (draining, as on SIGTERM) when its standard input closes or on SIGTERM.
 */
public final class NodeProcess {

  private NodeProcess() {}

  public static void main(String[] args) throws IOException {
    Node node = ExecutorMode.valueOf(args[0]).start(CronbeatEnv.config(System.getenv()));
    Runtime.getRuntime().addShutdownHook(new Thread(node::close, "node-stop"));
    System.out.println("ready " + node.id());
    System.out.flush();
    while (System.in.read() != -1) {
      // Nothing is sent; end of input means the benchmark is gone.
    }
    System.exit(0);
  }
}
