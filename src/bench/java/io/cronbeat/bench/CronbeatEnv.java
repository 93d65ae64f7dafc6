package io.cronbeat.bench;

import io.cronbeat.config.ConfigLoader;
import io.cronbeat.config.CronbeatConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment of a cronbeat node (or CLI command) on a benchmark database: its data
 * directory, the store, the schedules directory, executor threads and a pool to match. Only
 * these keys are set; everything else keeps cronbeat's defaults.
 */
final class CronbeatEnv {

  /** PostgreSQL's max_connections is shared with whatever else runs on this machine. */
  static final int PG_POOL_CAP = 20;

  private CronbeatEnv() {}

  static Map<String, String> of(BenchDatabase db, int executorThreads) throws IOException {
    Map<String, String> env = operator(db);
    env.put("CRONBEAT_EXECUTOR_THREADS", Integer.toString(executorThreads));
    env.put("CRONBEAT_STORE_POOL_SIZE", Integer.toString(pool(db, executorThreads + 10)));
    // Short so that stopping a node between measurements costs little.
    env.put("CRONBEAT_NODE_SHUTDOWN_GRACE", "2s");
    env.put("CRONBEAT_NODE_KILL_GRACE", "1s");
    return env;
  }

  /** What an operator sets: where the data, the store and the job files are; nothing else. */
  static Map<String, String> operator(BenchDatabase db) throws IOException {
    Map<String, String> env = new HashMap<>(db.cronbeatEnv());
    env.put("CRONBEAT_SCHEDULES", schedules(db).toString());
    // Its own configuration file, so that the checkout's config/scheduler.yaml never applies.
    Path file = db.dir().resolve("scheduler.yaml");
    Files.writeString(file, "timezone: UTC\n");
    env.put(ConfigLoader.CONFIG_ENV, file.toString());
    return env;
  }

  /** A pool of up to {@code wanted} connections, capped on PostgreSQL. */
  static int pool(BenchDatabase db, int wanted) {
    return db.kind() == StoreKind.POSTGRESQL ? Math.min(wanted, PG_POOL_CAP) : Math.min(wanted, 200);
  }

  static Path schedules(BenchDatabase db) throws IOException {
    return Files.createDirectories(db.dir().resolve("schedules"));
  }

  /** The configuration a node started with {@code env} has. */
  static CronbeatConfig config(Map<String, String> env) {
    return new ConfigLoader(env, ZoneId.of("UTC")).load(null);
  }

  /** The same store with a small pool, for the benchmark's own queueing and counting. */
  static CronbeatConfig side(Map<String, String> env) {
    Map<String, String> small = new HashMap<>(env);
    small.put("CRONBEAT_STORE_POOL_SIZE", "4");
    return config(small);
  }
}
