package io.cronbeat.config;

import java.util.Arrays;
import java.util.List;

/**
 * One configuration key: its place in {@code config/scheduler.yaml}, the environment variable
 * that overrides it, and its default. The list here is the whole configuration.
 */
enum Setting {
  SCHEDULES("schedules", "CRONBEAT_SCHEDULES", Kind.PATH, "schedules"),
  TIMEZONE("timezone", "CRONBEAT_TIMEZONE", Kind.ZONE, ""),
  CRON_DIALECT("cron.dialect", "CRONBEAT_CRON_DIALECT", Kind.TEXT, ""),
  DATA_DIR("data-dir", "CRONBEAT_DATA", Kind.PATH, "data"),
  STORE_URL("store.url", "CRONBEAT_STORE_URL", Kind.TEXT, ""),
  STORE_USER("store.user", "CRONBEAT_STORE_USER", Kind.TEXT, ""),
  STORE_PASSWORD("store.password", "CRONBEAT_STORE_PASSWORD", Kind.SECRET, ""),
  STORE_POOL_SIZE("store.pool-size", "CRONBEAT_STORE_POOL_SIZE", Kind.COUNT, "10"),
  EXECUTOR_THREADS("executor.threads", "CRONBEAT_EXECUTOR_THREADS", Kind.COUNT, "4"),
  NODE_HEARTBEAT("node.heartbeat", "CRONBEAT_NODE_HEARTBEAT", Kind.DURATION, "5s"),
  NODE_LEASE("node.lease", "CRONBEAT_NODE_LEASE", Kind.DURATION, "30s"),
  NODE_POLL("node.poll", "CRONBEAT_NODE_POLL", Kind.DURATION, "1s"),
  NODE_SHUTDOWN_GRACE("node.shutdown-grace", "CRONBEAT_NODE_SHUTDOWN_GRACE", Kind.DURATION, "30s"),
  NODE_MISFIRE_AFTER("node.misfire-after", "CRONBEAT_NODE_MISFIRE_AFTER", Kind.DURATION, "5s"),
  NODE_KILL_GRACE("node.kill-grace", "CRONBEAT_NODE_KILL_GRACE", Kind.DURATION, "10s"),
  NODE_RECOVERY_MARGIN("node.recovery-margin", "CRONBEAT_NODE_RECOVERY_MARGIN", Kind.DURATION, "15s"),
  CATCH_UP_MAX_RUNS("catch-up.max-runs", "CRONBEAT_CATCH_UP_MAX_RUNS", Kind.COUNT, "100"),
  OUTPUT_MAX_BYTES("output.max-bytes", "CRONBEAT_OUTPUT_MAX_BYTES", Kind.COUNT, "1048576"),
  OUTPUT_TAIL_LINES("output.tail-lines", "CRONBEAT_OUTPUT_TAIL_LINES", Kind.COUNT, "20"),
  HISTORY_MAX_RUNS("history.max-runs-per-job", "CRONBEAT_HISTORY_MAX_RUNS_PER_JOB", Kind.COUNT, "1000"),
  HISTORY_MAX_AGE("history.max-age", "CRONBEAT_HISTORY_MAX_AGE", Kind.DURATION, "30d"),
  STORE_WAIT_AT_START("store.wait-at-start", "CRONBEAT_STORE_WAIT_AT_START", Kind.DURATION, "0"),
  HTTP_PORT("http.port", "CRONBEAT_HTTP_PORT", Kind.COUNT, "8099"),
  HTTP_BIND("http.bind", "CRONBEAT_HTTP_BIND", Kind.TEXT, "127.0.0.1"),
  HTTP_TOKEN("http.token", "CRONBEAT_HTTP_TOKEN", Kind.SECRET, ""),
  HTTP_HOSTS("http.hosts", "CRONBEAT_HTTP_HOSTS", Kind.TEXT, ""),
  HTTP_PUBLIC_URL("http.public-url", "CRONBEAT_HTTP_PUBLIC_URL", Kind.TEXT, ""),
  JOBS_EXPECT("jobs.expect", "CRONBEAT_JOBS_EXPECT", Kind.DURATION, "off"),
  HTTP_QUEUE_LIMIT("http.queue-limit", "CRONBEAT_HTTP_QUEUE_LIMIT", Kind.COUNT, "10000"),
  HTTP_METRICS_ACCESS("http.metrics-access", "CRONBEAT_HTTP_METRICS_ACCESS", Kind.TEXT, "auto"),
  LOG_JOB_OUTPUT("log.job-output", "CRONBEAT_LOG_JOB_OUTPUT", Kind.FLAG, "false"),
  NODE_LABELS("node.labels", "CRONBEAT_NODE_LABELS", Kind.PAIRS, ""),
  CONCURRENCY_GROUPS("concurrency.groups", "CRONBEAT_CONCURRENCY_GROUPS", Kind.PAIRS, "");

  /** How a value is read. */
  enum Kind {
    PATH, ZONE, TEXT, SECRET, COUNT, DURATION, FLAG,
    /** {@code name=value,name=value}; in the file also a map. */
    PAIRS
  }

  final String key;
  final String env;
  final Kind kind;
  final String defaultValue;

  Setting(String key, String env, Kind kind, String defaultValue) {
    this.key = key;
    this.env = env;
    this.kind = kind;
    this.defaultValue = defaultValue;
  }

  static List<String> keys() {
    return Arrays.stream(values()).map(s -> s.key).toList();
  }
}
