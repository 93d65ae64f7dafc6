package io.cronbeat.fault;

import io.cronbeat.store.TcpProxy;
import io.cronbeat.store.TestStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The stage of one fault test: a fresh store on a real database, a schedules directory and a
 * ledger shared by node processes that each have their own data directory, and a TCP proxy for
 * the nodes that should lose the database. Closing it leaves nothing running: every node, its
 * group, and the group of every process the ledger or a pid file names.
 */
final class FaultCluster implements AutoCloseable {

  /** Settings of every node unless a test says otherwise (the durations, shortened for CI). */
  static final Map<String, String> NODE_DEFAULTS = Map.of(
      "CRONBEAT_TIMEZONE", "UTC",
      "CRONBEAT_NODE_HEARTBEAT", "1s",
      "CRONBEAT_NODE_LEASE", "4s",
      "CRONBEAT_NODE_POLL", "1s",
      "CRONBEAT_NODE_SHUTDOWN_GRACE", "5s",
      "CRONBEAT_EXECUTOR_THREADS", "12",
      // Known only after the fencing merge; today's config loader ignores unknown CRONBEAT_* variables.
      "CRONBEAT_NODE_KILL_GRACE", "2s",
      "CRONBEAT_NODE_RECOVERY_MARGIN", "3s");

  private final Path dir;
  private final TestStore store;
  private final Tables tables;
  private final Path script;
  private final List<NodeProcess> nodes = new ArrayList<>();
  private TcpProxy proxy;

  private FaultCluster(Path dir, TestStore store) {
    this.dir = dir;
    this.store = store;
    this.tables = new Tables(store.env());
    this.script = Ledger.installScript(dir);
  }

  /** A fresh store on PostgreSQL or MariaDB (the test is skipped loudly when the server is absent). */
  static FaultCluster on(TestStore.Kind kind, Path dir) {
    return new FaultCluster(dir, TestStore.create(kind, dir.resolve("unused-data")));
  }

  Path dir() {
    return dir;
  }

  Tables tables() {
    return tables;
  }

  Path ledgerFile() {
    return dir.resolve("ledger.txt");
  }

  Ledger ledger() {
    return Ledger.read(ledgerFile());
  }

  /** A list-form command that runs the ledger script for this long. */
  String ledgerCommand(int seconds) {
    return "[\"sh\", \"" + script + "\", \"" + ledgerFile() + "\", \"" + seconds + "\"]";
  }

  /** Job files go here; every node reads the same directory. */
  Path schedules() {
    return dir.resolve("schedules");
  }

  void jobs(String yaml) {
    try {
      Files.createDirectories(schedules());
      Files.writeString(schedules().resolve("jobs.yaml"), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code count} jobs named PREFIX-1.. that each run the ledger script for {@code seconds}. */
  void ledgerJobs(String prefix, int count, int seconds) {
    StringBuilder yaml = new StringBuilder("jobs:\n");
    IntStream.rangeClosed(1, count).forEach(i -> yaml.append("  ").append(prefix).append('-').append(i)
        .append(":\n    command: ").append(ledgerCommand(seconds)).append("\n    overlap: forbid\n"));
    jobs(yaml.toString());
  }

  /** The proxy the nodes started with {@code viaProxy} reach the database through. */
  TcpProxy proxy() {
    if (proxy == null) {
      try {
        proxy = new TcpProxy(store.kind() == TestStore.Kind.MARIADB ? 3306 : 5432);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return proxy;
  }

  /** The environment of a node: its own data directory, the shared store and schedules, the defaults, then extra. */
  Map<String, String> env(String name, boolean viaProxy, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(store.env());
    env.putAll(NODE_DEFAULTS);
    env.put("CRONBEAT_DATA", dir.resolve("data-" + name).toString());
    env.put("CRONBEAT_SCHEDULES", schedules().toString());
    if (viaProxy) {
      String direct = env.get("CRONBEAT_STORE_URL");
      String port = store.kind() == TestStore.Kind.MARIADB ? ":3306/" : ":5432/";
      if (!direct.contains(port)) {
        throw new IllegalStateException("cannot route " + direct + " through the proxy: no " + port);
      }
      env.put("CRONBEAT_STORE_URL", direct.replace(port, ":" + proxy().port() + "/"));
    }
    env.putAll(extra);
    return env;
  }

  /** Starts a node (without waiting for it); it is killed when the cluster closes. */
  NodeProcess start(String name, boolean viaProxy, Map<String, String> extra) {
    NodeProcess node = NodeProcess.start(name, dir, env(name, viaProxy, extra));
    nodes.add(node);
    return node;
  }

  /** Prints every node's log: called when a test fails, so the cause is in the report. */
  void dumpLogs() {
    nodes.forEach(NodeProcess::dumpLog);
  }

  /** A test body whose failure should come with the nodes' logs. */
  interface Body {
    void run() throws Exception;
  }

  void verify(Body body) throws Exception {
    try {
      body.run();
    } catch (Exception | AssertionError e) {
      dumpLogs();
      throw e;
    }
  }

  /** Runs a command of the CLI ({@code java -jar target/cronbeat.jar ARGS}) on the store, directly; returns its output. */
  String cli(String... args) throws Exception {
    List<String> command = new ArrayList<>(NodeProcess.JAVA);
    command.addAll(List.of("-jar", NodeProcess.JAR.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "cli", ".out");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(out.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("CRONBEAT_"));
    builder.environment().putAll(env("cli", false, Map.of()));
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("cronbeat " + String.join(" ", args) + " did not end within 60 s: " + Files.readString(out));
    }
    String output = Files.readString(out);
    if (process.exitValue() != 0) {
      throw new AssertionError("cronbeat " + String.join(" ", args) + " exited " + process.exitValue() + ": " + output);
    }
    return output;
  }

  @Override
  public void close() throws Exception {
    nodes.forEach(NodeProcess::close);
    List<Long> pids = new ArrayList<>(ledger().pids());
    try (var files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".pids")).toList()) {
        Files.readAllLines(file).stream().map(String::trim).filter(s -> s.matches("\\d+")).map(Long::parseLong)
            .forEach(pids::add);
      }
    }
    ProcessGroups.killLeftovers(pids);
    if (proxy != null) {
      proxy.close();
    }
    store.close();
  }
}
