package io.cronbeat.bench;

import io.cronbeat.node.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Some cronbeat nodes on one store, started together and stopped together. */
interface Nodes extends AutoCloseable {

  /** "in-JVM" or "processes": the output says which. */
  String how();

  /**
   * Has every node look at the run queue now, as a firing on a node wakes it; nodes in other
   * processes cannot be reached this way and see due runs at their next node.poll.
   */
  void wake();

  @Override
  void close();

  /** Nodes in this JVM: cheapest, and the executor can be anything. */
  static Nodes inJvm(int count, ExecutorMode mode, Map<String, String> env) {
    return inJvm(count, () -> mode.start(CronbeatEnv.config(env)));
  }

  /** Nodes in this JVM, each started by {@code start}. */
  static Nodes inJvm(int count, Supplier<Node> start) {
    List<Node> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        nodes.add(start.get());
      }
    } catch (RuntimeException e) {
      nodes.forEach(Node::close);
      throw e;
    }
    return new Nodes() {
      @Override
      public String how() {
        return "in-JVM";
      }

      @Override
      public void wake() {
        nodes.forEach(Node::wake);
      }

      @Override
      public void close() {
        nodes.forEach(Node::close);
      }
    };
  }
}
