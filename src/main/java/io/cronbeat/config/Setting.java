package io.cronbeat.config;

import io.cronbeat.timing.CronDialect;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One configuration key: its place in {@code config/scheduler.yaml}, the environment variable
 * that overrides it, and its default, typed as the configuration holds it (so a default that
 * does not fit its setting does not compile, and {@link ConfigLoader} reads each setting with the
 * reader of its type). The list here is the whole configuration.
 *
 * @param <T> what the setting's value is
 */
final class Setting<T> {

  static final Setting<Path> SCHEDULES = of("schedules", "CRONBEAT_SCHEDULES", Path.of("schedules"));
  /** Empty: the system zone. */
  static final Setting<Optional<ZoneId>> TIMEZONE = of("timezone", "CRONBEAT_TIMEZONE", Optional.empty());
  /** Empty: jobs must say. */
  static final Setting<Optional<CronDialect>> CRON_DIALECT = of("cron.dialect", "CRONBEAT_CRON_DIALECT", Optional.empty());
  static final Setting<Path> DATA_DIR = of("data-dir", "CRONBEAT_DATA", Path.of("data"));
  /** Empty: the H2 file in the data directory. */
  static final Setting<String> STORE_URL = of("store.url", "CRONBEAT_STORE_URL", "");
  static final Setting<String> STORE_USER = of("store.user", "CRONBEAT_STORE_USER", "");
  static final Setting<String> STORE_PASSWORD = of("store.password", "CRONBEAT_STORE_PASSWORD", "");
  static final Setting<Integer> STORE_POOL_SIZE = of("store.pool-size", "CRONBEAT_STORE_POOL_SIZE", 10);
  static final Setting<Integer> EXECUTOR_THREADS = of("executor.threads", "CRONBEAT_EXECUTOR_THREADS", 4);
  static final Setting<Duration> NODE_HEARTBEAT = of("node.heartbeat", "CRONBEAT_NODE_HEARTBEAT", Duration.ofSeconds(5));
  static final Setting<Duration> NODE_LEASE = of("node.lease", "CRONBEAT_NODE_LEASE", Duration.ofSeconds(30));
  static final Setting<Duration> NODE_POLL = of("node.poll", "CRONBEAT_NODE_POLL", Duration.ofSeconds(1));
  static final Setting<Duration> NODE_SHUTDOWN_GRACE = of("node.shutdown-grace", "CRONBEAT_NODE_SHUTDOWN_GRACE",
      Duration.ofSeconds(30));
  static final Setting<Duration> NODE_MISFIRE_AFTER = of("node.misfire-after", "CRONBEAT_NODE_MISFIRE_AFTER",
      Duration.ofSeconds(5));
  static final Setting<Duration> NODE_KILL_GRACE = of("node.kill-grace", "CRONBEAT_NODE_KILL_GRACE", Duration.ofSeconds(10));
  static final Setting<Duration> NODE_RECOVERY_MARGIN = of("node.recovery-margin", "CRONBEAT_NODE_RECOVERY_MARGIN",
      Duration.ofSeconds(15));
  static final Setting<Integer> CATCH_UP_MAX_RUNS = of("catch-up.max-runs", "CRONBEAT_CATCH_UP_MAX_RUNS", 100);
  static final Setting<Integer> OUTPUT_MAX_BYTES = of("output.max-bytes", "CRONBEAT_OUTPUT_MAX_BYTES", 1_048_576);
  static final Setting<Integer> OUTPUT_TAIL_LINES = of("output.tail-lines", "CRONBEAT_OUTPUT_TAIL_LINES", 20);
  static final Setting<Integer> HISTORY_MAX_RUNS = of("history.max-runs-per-job", "CRONBEAT_HISTORY_MAX_RUNS_PER_JOB", 1000);
  static final Setting<Duration> HISTORY_MAX_AGE = of("history.max-age", "CRONBEAT_HISTORY_MAX_AGE", Duration.ofDays(30));
  /** Zero: for ever. */
  static final Setting<Duration> STORE_WAIT_AT_START = of("store.wait-at-start", "CRONBEAT_STORE_WAIT_AT_START",
      Duration.ZERO);
  static final Setting<Integer> HTTP_PORT = of("http.port", "CRONBEAT_HTTP_PORT", 8099);
  static final Setting<String> HTTP_BIND = of("http.bind", "CRONBEAT_HTTP_BIND", "127.0.0.1");
  /** Empty: the token file in the data directory. */
  static final Setting<String> HTTP_TOKEN = of("http.token", "CRONBEAT_HTTP_TOKEN", "");
  static final Setting<List<String>> HTTP_HOSTS = of("http.hosts", "CRONBEAT_HTTP_HOSTS", List.of());
  /** Empty: {@code http://BIND:PORT}. */
  static final Setting<String> HTTP_PUBLIC_URL = of("http.public-url", "CRONBEAT_HTTP_PUBLIC_URL", "");
  /** Empty: off. */
  static final Setting<Optional<Duration>> JOBS_EXPECT = of("jobs.expect", "CRONBEAT_JOBS_EXPECT", Optional.empty());
  static final Setting<Integer> HTTP_QUEUE_LIMIT = of("http.queue-limit", "CRONBEAT_HTTP_QUEUE_LIMIT", 10_000);
  static final Setting<MetricsAccess> HTTP_METRICS_ACCESS = of("http.metrics-access", "CRONBEAT_HTTP_METRICS_ACCESS",
      MetricsAccess.AUTO);
  static final Setting<Boolean> LOG_JOB_OUTPUT = of("log.job-output", "CRONBEAT_LOG_JOB_OUTPUT", false);
  static final Setting<Map<String, String>> NODE_LABELS = pairs("node.labels", "CRONBEAT_NODE_LABELS", Map.of());
  static final Setting<Map<String, Integer>> CONCURRENCY_GROUPS = pairs("concurrency.groups", "CRONBEAT_CONCURRENCY_GROUPS",
      Map.of());

  /** Every setting, in the order messages list them. */
  static final List<Setting<?>> ALL = List.of(SCHEDULES, TIMEZONE, CRON_DIALECT, DATA_DIR, STORE_URL, STORE_USER,
      STORE_PASSWORD, STORE_POOL_SIZE, EXECUTOR_THREADS, NODE_HEARTBEAT, NODE_LEASE, NODE_POLL, NODE_SHUTDOWN_GRACE,
      NODE_MISFIRE_AFTER, NODE_KILL_GRACE, NODE_RECOVERY_MARGIN, CATCH_UP_MAX_RUNS, OUTPUT_MAX_BYTES, OUTPUT_TAIL_LINES,
      HISTORY_MAX_RUNS, HISTORY_MAX_AGE, STORE_WAIT_AT_START, HTTP_PORT, HTTP_BIND, HTTP_TOKEN, HTTP_HOSTS, HTTP_PUBLIC_URL,
      JOBS_EXPECT, HTTP_QUEUE_LIMIT, HTTP_METRICS_ACCESS, LOG_JOB_OUTPUT, NODE_LABELS, CONCURRENCY_GROUPS);

  final String key;
  final String env;
  /** The value when neither the file nor the environment sets one. */
  final T byDefault;
  /** {@code name=value,name=value}; in the file also a map. */
  final boolean pairs;

  private Setting(String key, String env, T byDefault, boolean pairs) {
    this.key = key;
    this.env = env;
    this.byDefault = byDefault;
    this.pairs = pairs;
  }

  private static <T> Setting<T> of(String key, String env, T byDefault) {
    return new Setting<>(key, env, byDefault, false);
  }

  private static <T> Setting<Map<String, T>> pairs(String key, String env, Map<String, T> byDefault) {
    return new Setting<>(key, env, byDefault, true);
  }

  static List<String> keys() {
    return ALL.stream().map(s -> s.key).toList();
  }
}
