package io.cronbeat.config;

import io.cronbeat.text.DurationText;
import io.cronbeat.timing.CronDialect;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The effective configuration: defaults, then {@code config/scheduler.yaml}, then
 * {@code CRONBEAT_*} environment variables, then command-line options.
 *
 * @param schedules directory of job files
 * @param timezone zone of jobs that name none
 * @param dataDir where the embedded database and attempt logs live
 * @param cronDialect how 6/7-field schedules of jobs that name no dialect number the days of the week
 */
public record CronbeatConfig(
    Path schedules, ZoneId timezone, Path dataDir, Store store, Node node, Limits limits, Http http,
    Optional<CronDialect> cronDialect, Jobs jobs, Log log, Cluster cluster) {

  /**
   * What the node's log carries besides its own lines.
   *
   * @param jobOutput each attempt's output lines too, a log event a line with the job's and the run's fields
   */
  public record Log(boolean jobOutput) {}

  /**
   * What this node tells the cluster about itself, and the cluster-wide limits it claims under.
   *
   * @param labels this node's labels ({@code node.labels}), which jobs' {@code nodes:} selectors match
   * @param groups concurrency group limits ({@code concurrency.groups}); they win over the limit job files give
   */
  public record Cluster(Map<String, String> labels, Map<String, Integer> groups) {

    public static final Cluster DEFAULTS = new Cluster(Map.of(), Map.of());

    public Cluster {
      labels = Collections.unmodifiableMap(new TreeMap<>(labels));
      groups = Collections.unmodifiableMap(new TreeMap<>(groups));
    }

    /** {@code host=db1,role=backup}: the form of {@code CRONBEAT_NODE_LABELS}, and of {@code status}. */
    public static String pairs(Map<String, ?> values) {
      return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining(","));
    }
  }

  /**
   * Defaults of the jobs' own settings.
   *
   * @param expect the watchdog's grace of a scheduled job that declares none; empty: not watched
   */
  public record Jobs(Optional<Duration> expect) {

    public static final Jobs DEFAULTS = new Jobs(Optional.empty());
  }

  /**
   * The database.
   *
   * @param url a JDBC URL, or empty for the embedded H2 file under the data directory
   * @param waitAtStart how long a starting node waits for an unreachable database; zero: for ever
   */
  public record Store(Optional<String> url, String user, String password, int poolSize, Duration waitAtStart) {

    public Store(Optional<String> url, String user, String password, int poolSize) {
      this(url, user, password, poolSize, Duration.ZERO);
    }
  }

  /**
   * How a node runs.
   *
   * @param killGrace how long a process tree has between SIGTERM and SIGKILL when it is stopped
   * @param recoveryMargin how long past a lease a peer waits before it takes the run over: the
   *     owner stops its attempt when the lease runs out, and needs up to killGrace for that
   */
  public record Node(
      int executorThreads, Duration heartbeat, Duration lease, Duration poll, Duration shutdownGrace,
      Duration misfireAfter, Duration killGrace, Duration recoveryMargin) {}

  /** Bounds on what is kept and caught up. */
  public record Limits(
      int catchUpMaxRuns, int outputMaxBytes, int outputTailLines, int historyMaxRunsPerJob, Duration historyMaxAge) {}

  /**
   * The node's HTTP endpoint (health, metrics, API).
   *
   * @param port zero: no endpoint
   * @param bind the address it listens on: an IP address or {@code localhost}
   * @param token the bearer token {@code /api/} requires; empty: the one in the node's token file
   * @param hosts names clients may send in {@code Host} besides the bound address and loopback
   * @param publicUrl how others reach this endpoint (e.g. behind a proxy), for links in
   *     notifications; empty: {@code http://BIND:PORT}
   * @param queueLimit queued runs (not yet started, all nodes') beyond which the API refuses submits with 429
   * @param metricsAccess whether {@code /metrics} needs the token
   */
  public record Http(int port, String bind, String token, List<String> hosts, String publicUrl, int queueLimit,
      MetricsAccess metricsAccess) {

    /** Tokens shorter than this are refused: a guessable token is no token. */
    public static final int TOKEN_MIN_LENGTH = 16;
    public static final int DEFAULT_QUEUE_LIMIT = 10_000;

    public Http {
      hosts = List.copyOf(hosts);
    }

    public Http(int port, String bind, String token, List<String> hosts) {
      this(port, bind, token, hosts, "", DEFAULT_QUEUE_LIMIT, MetricsAccess.AUTO);
    }

    public boolean enabled() {
      return port != 0;
    }

    /** The API's address of a run, for notifications; empty when there is no endpoint to link to. */
    public Optional<String> runLink(long runId) {
      if (!publicUrl.isEmpty()) {
        return Optional.of(publicUrl.replaceAll("/+$", "") + "/api/runs/" + runId);
      }
      if (!enabled()) {
        return Optional.empty();
      }
      String host = bind.contains(":") ? "[" + bind + "]" : bind;
      return Optional.of("http://" + host + ":" + port + "/api/runs/" + runId);
    }
  }

  public CronbeatConfig withSchedules(Path directory) {
    return new CronbeatConfig(directory, timezone, dataDir, store, node, limits, http, cronDialect, jobs, log, cluster);
  }

  /** The JDBC URL in use: the configured one, or the embedded H2 file. */
  public String storeUrl() {
    // retry: reopens the file when a thread is interrupted mid-write (Quartz interrupts its own
    // thread on shutdown; plain H2 would close the whole database). WRITE_DELAY=0: a commit
    // reaches the file at once, so a node killed with SIGKILL loses no run. AUTO_SERVER: the
    // CLI can open the store while a node has it open (served on loopback only, password in
    // DATA/secret: see store.EmbeddedH2).
    return store.url().orElseGet(() -> "jdbc:h2:retry:" + dataDir.toAbsolutePath().normalize().resolve("cronbeat")
        + ";AUTO_SERVER=TRUE;WRITE_DELAY=0");
  }

  /** One line for the start-up log: every setting, the password masked. */
  public String describe() {
    return "schedules=" + schedules + " timezone=" + timezone.getId()
        + " cron.dialect=" + cronDialect.map(CronDialect::word).orElse("") + " data-dir=" + dataDir
        + " store.url=" + masked(storeUrl()) + " store.user=" + store.user()
        + " store.password=" + (store.password().isEmpty() ? "" : "****")
        + " store.pool-size=" + store.poolSize() + " store.wait-at-start=" + seconds(store.waitAtStart())
        + " executor.threads=" + node.executorThreads()
        + " node.heartbeat=" + seconds(node.heartbeat()) + " node.lease=" + seconds(node.lease())
        + " node.poll=" + seconds(node.poll()) + " node.shutdown-grace=" + seconds(node.shutdownGrace())
        + " node.misfire-after=" + seconds(node.misfireAfter()) + " node.kill-grace=" + seconds(node.killGrace())
        + " node.recovery-margin=" + seconds(node.recoveryMargin())
        + " catch-up.max-runs=" + limits.catchUpMaxRuns() + " output.max-bytes=" + limits.outputMaxBytes()
        + " output.tail-lines=" + limits.outputTailLines() + " history.max-runs-per-job=" + limits.historyMaxRunsPerJob()
        + " history.max-age=" + seconds(limits.historyMaxAge())
        + " http.port=" + http.port() + " http.bind=" + http.bind() + " http.token=" + (http.token().isEmpty() ? "" : "****")
        + " http.hosts=" + String.join(",", http.hosts()) + " http.public-url=" + http.publicUrl()
        + " http.queue-limit=" + http.queueLimit() + " http.metrics-access=" + http.metricsAccess().word()
        + " jobs.expect=" + jobs.expect().map(CronbeatConfig::seconds).orElse("off")
        + " log.job-output=" + log.jobOutput()
        + " node.labels=" + Cluster.pairs(cluster.labels()) + " concurrency.groups=" + Cluster.pairs(cluster.groups());
  }

  /** A JDBC URL with any password in it masked, for logs and status. */
  public static String masked(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1****");
  }

  private static String seconds(Duration duration) {
    return DurationText.format(duration);
  }
}
