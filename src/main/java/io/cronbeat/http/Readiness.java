package io.cronbeat.http;

import io.cronbeat.store.StoreProbe;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /health/ready}: ready while the store answers and this node can fire and claim, not
 * merely while the process is up. Each check says why it fails.
 */
final class Readiness {

  private final Supplier<NodeStatus> status;
  private final StoreProbe store;

  Readiness(Supplier<NodeStatus> status, StoreProbe store) {
    this.status = status;
    this.store = store;
  }

  /** The body: {@code {"ready":bool,"node":ID,"checks":{NAME:{"ok":bool,"detail":WHY}}}}. */
  Map<String, Object> now() {
    NodeStatus node = status.get();
    Map<String, Object> checks = new LinkedHashMap<>();
    checks.put("store", check(store.problem()));
    checks.put("firing", check(node.firingFailing()
        ? Optional.of("firing is failing: the database is unreachable or the firing thread ended (see the log)")
        : stopping(node)));
    checks.put("claiming", check(node.claimFailing()
        ? Optional.of("claiming is failing: the database is unreachable or the dispatcher thread ended (see the log)")
        : stopping(node)));
    boolean ready = checks.values().stream().allMatch(c -> Boolean.TRUE.equals(((Map<?, ?>) c).get("ok")));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ready", ready);
    body.put("node", node.nodeId());
    body.put("checks", checks);
    return body;
  }

  private static Optional<String> stopping(NodeStatus node) {
    return node.stopping() ? Optional.of("the node is stopping") : Optional.empty();
  }

  private static Map<String, Object> check(Optional<String> problem) {
    Map<String, Object> check = new LinkedHashMap<>();
    check.put("ok", problem.isEmpty());
    problem.ifPresent(p -> check.put("detail", p));
    return check;
  }
}
